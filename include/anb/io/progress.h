#pragma once
// A one-line progress bar for long jobs (fitting, searching), drawn on stderr when stderr is a
// terminal and silent otherwise (logs and pipes stay clean).

#include <chrono>
#include <cstddef>
#include <ostream>
#include <string>

namespace anb::io {

// Options of a ProgressBar.
struct ProgressOptions {
  // Draw even when stderr is not a terminal (tests); `stream` receives the output.
  bool force = false;
  // Never draw (overrides force).
  bool quiet = false;
  // Where to draw; nullptr means std::cerr.
  std::ostream* stream = nullptr;
  // Width of the bar in characters.
  int width = 30;
};

// Counts units of work out of a known total and redraws at most ten times a second.
class ProgressBar {
 public:
  // A bar for `total` units labelled `label`. Enabled when stderr is a terminal or
  // options.force is set, unless options.quiet is set.
  ProgressBar(std::string label, std::size_t total, ProgressOptions options = {});
  // Finishes the line if the bar was drawn.
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  // Adds `units` of completed work and sets the note shown after the bar (e.g. the current
  // target); redraws if due.
  void advance(std::size_t units = 1, const std::string& note = {});

  // Sets the note without advancing.
  void set_note(const std::string& note);

  // Draws the final state and ends the line (idempotent).
  void finish();

  // Whether the bar draws anything.
  bool enabled() const { return enabled_; }

  // Units done so far.
  std::size_t done() const { return done_; }

 private:
  void draw();

  std::string label_;
  std::size_t total_;
  std::size_t done_ = 0;
  std::string note_;
  ProgressOptions options_;
  bool enabled_;
  bool finished_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

// The one-line text of a bar: "label [#####.....] 12/40 30% 0:07 note".
std::string format_progress(const std::string& label, std::size_t done, std::size_t total,
                            double elapsed_seconds, const std::string& note, int width);

}  // namespace anb::io
