"""The pure core: scoring, the anonymity rules, the release ledger, trees and charts (no Django)."""
