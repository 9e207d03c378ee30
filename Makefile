# The two commands of the README, plus a few conveniences.
.PHONY: run test messages lock hooks

run:  ## install, load the demo organisation and serve on http://127.0.0.1:8000
	scripts/run

test:  ## install the dev tools and run every check and test
	scripts/test

messages:  ## refresh the translation catalogs after changing user-facing text
	.venv/bin/care messages

lock:  ## refresh the lock files after changing a version in pyproject.toml
	scripts/lock

hooks:  ## check formatting, lint, types, import floors, migrations and translations before every commit
	ln -sf ../../scripts/pre-commit "$$(git rev-parse --git-path hooks)/pre-commit"
