#include "anb/io/plot.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "anb/io/atomic_file.h"

extern char** environ;

namespace anb::io {
namespace {

// A gnuplot single-quoted string ('' is a literal quote inside).
std::string quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += (c == '\'') ? std::string("''") : std::string(1, c);
  return out + "'";
}

void check_series(const PlotSeries& s, std::size_t index) {
  const std::string name = "plot series " + std::to_string(index) + " ('" + s.title + "')";
  if (s.x.empty() || s.x.size() != s.y.size()) {
    throw std::invalid_argument(name + ": x and y must be non-empty and of equal length (" +
                                std::to_string(s.x.size()) + " vs " + std::to_string(s.y.size()) +
                                ")");
  }
  const bool band = !s.lower.empty() || !s.upper.empty();
  if (band && (s.lower.size() != s.x.size() || s.upper.size() != s.x.size())) {
    throw std::invalid_argument(name + ": lower and upper must both have " +
                                std::to_string(s.x.size()) + " values");
  }
  for (std::size_t i = 0; i < s.x.size(); ++i) {
    bool finite = std::isfinite(s.x[i]) && std::isfinite(s.y[i]);
    if (band) finite = finite && std::isfinite(s.lower[i]) && std::isfinite(s.upper[i]);
    if (!finite)
      throw std::invalid_argument(name + ": non-finite value at point " + std::to_string(i));
  }
}

std::string data_text(const PlotSeries& s) {
  std::ostringstream out;
  out.precision(17);
  for (std::size_t i = 0; i < s.x.size(); ++i) {
    out << s.x[i] << ' ' << s.y[i];
    if (!s.lower.empty()) out << ' ' << s.lower[i] << ' ' << s.upper[i];
    out << '\n';
  }
  return out.str();
}

std::string style_text(const PlotSeries& s) {
  const std::string marker = "pt 7 ps " + std::to_string(s.point_size);
  switch (s.style) {
    case PlotStyle::kPoints:
      return "points " + marker;
    case PlotStyle::kLinesPoints:
      return "linespoints " + marker + " lw 2";
    case PlotStyle::kLines:
      break;
  }
  return "lines lw 2";
}

std::string range_end(double v) {
  return std::isnan(v) ? "*" : std::to_string(v);
}

// A fresh private folder under the system temp directory.
std::filesystem::path make_temp_dir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "anb-plot-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error("cannot create a temporary folder for gnuplot under " +
                             std::filesystem::temp_directory_path().string());
  }
  return pattern;
}

// Runs gnuplot on `script` with stderr captured into `log`; returns the exit status.
int run_gnuplot(const std::filesystem::path& script, const std::filesystem::path& log) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, log.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  std::string program = "gnuplot", arg = script.string();
  char* argv[] = {program.data(), arg.data(), nullptr};
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, "gnuplot", &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return -1;
  int status = 0;
  if (waitpid(pid, &status, 0) < 0) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string read_log(const std::filesystem::path& log) {
  std::ifstream in(log);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

void PlotOptions::validate() const {
  if (width < 100 || width > 10000) {
    throw std::invalid_argument("PlotOptions.width = " + std::to_string(width) +
                                ": must be in 100..10000 pixels");
  }
  if (height < 100 || height > 10000) {
    throw std::invalid_argument("PlotOptions.height = " + std::to_string(height) +
                                ": must be in 100..10000 pixels");
  }
  if (!std::isnan(y_min) && !std::isnan(y_max) && !(y_min < y_max)) {
    throw std::invalid_argument("PlotOptions.y_min = " + std::to_string(y_min) +
                                ": must be below y_max = " + std::to_string(y_max));
  }
}

bool gnuplot_available() {
  const std::filesystem::path dir = make_temp_dir();
  const std::filesystem::path script = dir / "probe.gp";
  std::ofstream(script) << "exit\n";
  const bool ok = run_gnuplot(script, dir / "log.txt") == 0;
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  return ok;
}

bool try_plot(const std::filesystem::path& png, std::vector<std::string>& warnings,
              const std::function<void()>& draw) {
  if (!gnuplot_available()) {
    warnings.push_back("gnuplot not found; skipped " + png.string());
    return false;
  }
  try {
    draw();
    return true;
  } catch (const std::exception& e) {
    warnings.push_back("plot " + png.string() + " failed: " + e.what());
    return false;
  }
}

std::string gnuplot_script(const std::vector<PlotSeries>& series,
                           const std::vector<std::filesystem::path>& data_files,
                           const std::filesystem::path& png, const PlotOptions& options) {
  std::ostringstream gp;
  gp << "set terminal pngcairo size " << options.width << "," << options.height
     << " enhanced font 'sans,11'\n"
     << "set output " << quote(png.string()) << "\n"
     << "set title " << quote(options.title) << " noenhanced\n"
     << "set xlabel " << quote(options.xlabel) << " noenhanced\n"
     << "set ylabel " << quote(options.ylabel) << " noenhanced\n"
     << "set grid\n";
  if (options.legend == "off") {
    gp << "set key off\n";
  } else {
    gp << "set key " << options.legend << " noenhanced\n";
  }
  if (options.log_x) gp << "set logscale x\n";
  if (options.log_y) gp << "set logscale y\n";
  if (!std::isnan(options.y_min) || !std::isnan(options.y_max)) {
    gp << "set yrange [" << range_end(options.y_min) << ":" << range_end(options.y_max) << "]\n";
  }
  gp << "plot ";
  std::string sep;
  for (std::size_t i = 0; i < series.size(); ++i) {
    const std::string file = quote(data_files[i].string());
    const std::string color = " lc " + std::to_string(i + 1);
    if (!series[i].lower.empty()) {
      gp << sep << file << " using 1:3:4 with filledcurves fs transparent solid 0.25 noborder"
         << color << " notitle";
      sep = ", \\\n     ";
    }
    gp << sep << file << " using 1:2 with " << style_text(series[i]) << color << " title "
       << quote(series[i].title);
    sep = ", \\\n     ";
  }
  if (options.identity_line) gp << sep << "x with lines dt 2 lc rgb 'gray40' title 'y = x'";
  gp << "\n";
  return gp.str();
}

void write_plot_png(const std::filesystem::path& png, const std::vector<PlotSeries>& series,
                    const PlotOptions& options) {
  options.validate();
  if (series.empty()) throw std::invalid_argument("plot " + png.string() + ": no series to draw");
  for (std::size_t i = 0; i < series.size(); ++i) check_series(series[i], i);
  const std::filesystem::path dir = make_temp_dir();
  std::vector<std::filesystem::path> files;
  for (std::size_t i = 0; i < series.size(); ++i) {
    files.push_back(dir / ("series" + std::to_string(i) + ".dat"));
    std::ofstream(files.back()) << data_text(series[i]);
  }
  if (!png.parent_path().empty()) std::filesystem::create_directories(png.parent_path());
  const std::filesystem::path partial = png.string() + ".tmp-" + std::to_string(getpid());
  const std::filesystem::path script = dir / "plot.gp";
  std::ofstream(script) << gnuplot_script(series, files, partial, options);
  const int status = run_gnuplot(script, dir / "log.txt");
  const std::string log = read_log(dir / "log.txt");
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  if (status != 0 || !std::filesystem::exists(partial)) {
    std::filesystem::remove(partial, ec);
    throw std::runtime_error("cannot write plot " + png.string() +
                             (status == -1 ? ": gnuplot could not be run (install gnuplot-nox)"
                                           : ": gnuplot failed: " + log));
  }
  std::filesystem::rename(partial, png);
}

}  // namespace anb::io
