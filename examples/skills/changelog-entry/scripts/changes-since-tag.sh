#!/usr/bin/env sh
# Prints "<short hash> <subject>" for each commit since the newest tag, oldest first.
set -eu
tag=$(git describe --tags --abbrev=0 2>/dev/null || true)
if [ -n "$tag" ]; then range="$tag..HEAD"; else range="HEAD"; fi
git log --reverse --format='%h %s' "$range"
