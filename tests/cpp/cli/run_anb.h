#pragma once
// The one way the command-line tests run the built `anb` binary (ANB_EXE): in a controlled
// environment, capturing its exit status, standard output and standard error separately.
//
// The environment is the test process's minus every ANB_* variable (ANB_DATA, ANB_MODELS,
// ANB_HV_REFERENCE, ... of the developer's shell or CI never leak into a test), with
// OMP_WAIT_POLICY=PASSIVE (one busy thread per process on a shared machine). A test that wants
// a variable sets it through `env`.

#include <unistd.h>

#include <atomic>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "shell_command.h"

extern char** environ;

namespace anb::cli_test {

// What one run printed and returned.
struct AnbRun {
  int status = -1;  // exit status; -1 if killed by a signal
  std::string out;  // standard output
  std::string err;  // standard error

  std::string output() const { return out + err; }  // both, stdout first
};

// `env -u NAME ...` for every ANB_* variable of this process, then OMP_WAIT_POLICY=PASSIVE.
inline std::string clean_environment() {
  std::string command = "env";
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    if (std::strncmp(*e, "ANB_", 4) != 0) continue;
    const char* eq = std::strchr(*e, '=');
    command += " -u " +
               std::string(*e, eq == nullptr ? std::strlen(*e) : static_cast<std::size_t>(eq - *e));
  }
  return command + " OMP_WAIT_POLICY=PASSIVE";
}

// Runs `anb ARGS` through the shell in the clean environment. `env` comes between the clean
// environment and the binary: variables to set ("ANB_DATA=/x ANB_MODELS=/y") or a command
// that changes the environment ("env -u HOME").
inline AnbRun run_anb(const std::string& args, const std::string& env = "") {
  static std::atomic<int> counter{0};
  const std::filesystem::path err_file =
      std::filesystem::temp_directory_path() /
      ("anb_cli_err_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
  const std::string command = clean_environment() + " " + env + (env.empty() ? "" : " ") +
                              ANB_EXE " " + args + " 2>" + err_file.string();
  const anb::testing::ShellOutput shell = anb::testing::run_shell_command(command);
  AnbRun r;
  r.status = shell.status;
  r.out = shell.out;
  std::ifstream in(err_file);
  std::ostringstream err;
  err << in.rdbuf();
  r.err = err.str();
  std::filesystem::remove(err_file);
  return r;
}

}  // namespace anb::cli_test
