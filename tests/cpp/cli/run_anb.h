#pragma once
// Runs the built `anb` binary (ANB_EXE) for the command-line tests, capturing its exit status,
// standard output and standard error separately.

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "shell_command.h"

namespace anb::cli_test {

// What one run printed and returned.
struct AnbRun {
  int status = -1;  // exit status; -1 if killed by a signal
  std::string out;  // standard output
  std::string err;  // standard error
};

// Runs `anb ARGS` through the shell. `env` is put in front of the command (e.g.
// "ANB_DATA=/x" or "env -u ANB_DATA").
inline AnbRun run_anb(const std::string& args, const std::string& env = "") {
  static std::atomic<int> counter{0};
  const std::filesystem::path err_file =
      std::filesystem::temp_directory_path() /
      ("anb_cli_err_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
  const std::string command =
      env + (env.empty() ? "" : " ") + ANB_EXE " " + args + " 2>" + err_file.string();
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
