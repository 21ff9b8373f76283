// Runs the remotemedia CLI (or any command) as a user would: stdin from a string,
// stdout, stderr and the exit code captured.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace remotemedia::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// `command` is passed to /bin/sh; the caller quotes its arguments.
inline CommandResult run_command(const std::string& command, const std::string& stdin_text) {
  namespace fs = std::filesystem;
  static int counter = 0;
  fs::path dir = fs::temp_directory_path() /
                 ("remotemedia-test-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
  fs::create_directories(dir);
  {
    std::ofstream in(dir / "stdin", std::ios::binary);
    in << stdin_text;
  }
  std::string line = command + " < '" + (dir / "stdin").string() + "' > '" + (dir / "stdout").string() +
                     "' 2> '" + (dir / "stderr").string() + "'";
  int status = std::system(line.c_str());
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = read_file(dir / "stdout");
  r.err = read_file(dir / "stderr");
  fs::remove_all(dir);
  return r;
}

inline CommandResult run_cli(const std::string& args, const std::string& stdin_text = "") {
  return run_command(std::string("'") + REMOTEMEDIA_CLI + "' " + args, stdin_text);
}

}  // namespace remotemedia::testing
