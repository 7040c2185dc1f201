# Sourced: exports JAVA_HOME and PATH for a JDK >= 21, or fails naming what is missing.
# Order: an existing JAVA_HOME that is new enough, then the newest JDK under /usr/lib/jvm.
__jdk_major() { "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1; }
__pick=""
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ] && [ "$(__jdk_major "$JAVA_HOME")" -ge 21 ] 2>/dev/null; then
  __pick="$JAVA_HOME"
else
  __best=0
  for d in /usr/lib/jvm/*; do
    [ -x "$d/bin/javac" ] || continue
    m=$(__jdk_major "$d"); [ -n "$m" ] || continue
    if [ "$m" -ge 21 ] && [ "$m" -gt "$__best" ]; then __best=$m; __pick=$d; fi
  done
fi
if [ -z "$__pick" ]; then
  echo "No JDK >= 21 found (looked at JAVA_HOME and /usr/lib/jvm/*). Install one, e.g. Temurin 21 or 25." >&2
  return 1 2>/dev/null || exit 1
fi
export JAVA_HOME="$__pick"
export PATH="$JAVA_HOME/bin:$PATH"
unset __pick __best __jdk_major
