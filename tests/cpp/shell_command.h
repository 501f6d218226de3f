#pragma once
// Test support: runs a shell command and captures its standard output and exit status. The
// command-line test helpers (cli/run_anb.h, construct/cli_run.h) build on it.
#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace anb::testing {

// Exit status (-1 if killed by a signal or not started) and standard output of one command.
struct ShellOutput {
  int status = -1;
  std::string out;
};

// Runs `command` through /bin/sh; redirections are up to the caller.
inline ShellOutput run_shell_command(const std::string& command) {
  ShellOutput r;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return r;
  char buffer[4096];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) r.out.append(buffer, n);
  const int status = ::pclose(pipe);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace anb::testing
