"""The journey: from insight to change (focus, plan, team, safe roof, proof, reach)."""
