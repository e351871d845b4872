# Sourced by ./pulse and .ci/run: puts a JDK 25+ in JAVA_HOME, or fails loudly.
# Order: $JAVA_HOME if it is 25 or newer, else the first JDK 25+ among the installed JDKs.

pulse_java_major() { # prints the feature version of the java at $1/bin/java, or nothing
  local v
  v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n1)
  case "$v" in ''|*[!0-9]*) return 1 ;; esac
  echo "$v"
}

pulse_find_jdk25() {
  local candidate major
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    major=$(pulse_java_major "$JAVA_HOME") || major=0
    if [ "$major" -ge 25 ]; then export JAVA_HOME; return 0; fi
  fi
  for candidate in /usr/lib/jvm/* /usr/java/* /opt/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home "$HOME"/.sdkman/candidates/java/*; do
    [ -x "$candidate/bin/java" ] || continue
    major=$(pulse_java_major "$candidate") || continue
    if [ "$major" -ge 25 ]; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  echo "error: Pulse needs a JDK 25 or newer. JAVA_HOME=${JAVA_HOME:-<unset>} is not one, and none was found under /usr/lib/jvm, /usr/java, /opt/java, /Library/Java/JavaVirtualMachines or ~/.sdkman. Install a JDK 25 and set JAVA_HOME to it." >&2
  return 1
}
