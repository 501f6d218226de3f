#pragma once
// Running the built `anb` binary from the construction CLI tests (train, proxy-search, collect).
#include <string>

#include "shell_command.h"
#ifdef ANB_EXE
#include "cli/run_anb.h"
#endif

namespace anb::testing {

// Exit status (-1 if killed) and merged stdout + stderr of one command.
struct CliResult {
  int status = -1;
  std::string output;
};

// Runs `command` in a shell with OMP_WAIT_POLICY=PASSIVE exported (one thread per process).
inline CliResult run_shell(const std::string& command) {
  const std::string full = "export OMP_WAIT_POLICY=PASSIVE; " + command + " 2>&1";
  const ShellOutput shell = run_shell_command(full);
  return {shell.status, shell.out};
}

#ifdef ANB_EXE
// Runs `anb ARGS` through the one command-line test runner (cli/run_anb.h: no inherited ANB_*
// variables; `env` as there); output is stdout followed by stderr.
inline CliResult run_anb(const std::string& args, const std::string& env = "") {
  const cli_test::AnbRun r = cli_test::run_anb(args, env);
  return {r.status, r.output()};
}
#endif

}  // namespace anb::testing
