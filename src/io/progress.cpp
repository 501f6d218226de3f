#include "anb/io/progress.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <iostream>

namespace anb::io {

std::string format_progress(const std::string& label, std::size_t done, std::size_t total,
                            double elapsed_seconds, const std::string& note, int width) {
  const double fraction =
      total == 0 ? 1.0 : std::min(1.0, static_cast<double>(done) / static_cast<double>(total));
  const int filled = static_cast<int>(fraction * width + 0.5);
  std::string bar(static_cast<std::size_t>(filled), '#');
  bar.append(static_cast<std::size_t>(width - filled), '.');
  const long secs = static_cast<long>(elapsed_seconds);
  char text[64];
  std::snprintf(text, sizeof text, " %zu/%zu %3d%% %ld:%02ld", done, total,
                static_cast<int>(fraction * 100.0), secs / 60, secs % 60);
  std::string line = label + " [" + bar + "]" + text;
  if (!note.empty()) line += " " + note;
  return line;
}

ProgressBar::ProgressBar(std::string label, std::size_t total, ProgressOptions options)
    : label_(std::move(label)),
      total_(total),
      options_(options),
      enabled_(!options.quiet && (options.force || isatty(STDERR_FILENO) == 1)),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {
  if (options_.stream == nullptr) options_.stream = &std::cerr;
  if (enabled_) draw();
}

ProgressBar::~ProgressBar() {
  try {
    finish();
  } catch (...) {  // a destructor must not throw; a failed final redraw is harmless
  }
}

void ProgressBar::advance(std::size_t units, const std::string& note) {
  done_ += units;
  if (!note.empty()) note_ = note;
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (done_ >= total_ || now - last_draw_ >= std::chrono::milliseconds(100)) draw();
}

void ProgressBar::set_note(const std::string& note) {
  note_ = note;
  if (enabled_) draw();
}

void ProgressBar::finish() {
  if (finished_) return;
  finished_ = true;
  if (!enabled_) return;
  draw();
  *options_.stream << "\n" << std::flush;
}

void ProgressBar::draw() {
  last_draw_ = std::chrono::steady_clock::now();
  const double elapsed = std::chrono::duration<double>(last_draw_ - start_).count();
  // "\r" returns to the line start, "\033[K" clears what a longer previous line left behind.
  *options_.stream << "\r" << format_progress(label_, done_, total_, elapsed, note_, options_.width)
                   << "\033[K" << std::flush;
}

}  // namespace anb::io
