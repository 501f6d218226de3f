#pragma once
// Running the built `anb` binary from the construction CLI tests (train, proxy-search, collect).
#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace anb::testing {

// Exit status (-1 if killed) and merged stdout + stderr of one command.
struct CliResult {
  int status = -1;
  std::string output;
};

// Runs `command` in a shell with OMP_WAIT_POLICY=PASSIVE exported (one thread per process).
inline CliResult run_shell(const std::string& command) {
  const std::string full = "export OMP_WAIT_POLICY=PASSIVE; " + command + " 2>&1";
  CliResult r;
  FILE* pipe = popen(full.c_str(), "r");
  if (!pipe) return r;
  char buffer[4096];
  std::size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) r.output.append(buffer, n);
  const int status = pclose(pipe);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

#ifdef ANB_EXE
// Runs `anb ARGS`.
inline CliResult run_anb(const std::string& args) {
  return run_shell(std::string(ANB_EXE) + " " + args);
}
#endif

}  // namespace anb::testing
