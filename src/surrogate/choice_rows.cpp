#include "anb/surrogate/choice_rows.h"

#include <array>
#include <stdexcept>
#include <string>

namespace anb::surrogate {
namespace {

// kLookup[d][v]: the choice index of value v of decision d (v is the stage field: expansion,
// kernel, layers, or 1/0 for SE on/off), built from space::decisions().
using Lookup = std::array<std::array<std::uint8_t, 8>, space::kNumDecisions>;

Lookup make_lookup() {
  Lookup out{};
  for (std::size_t d = 0; d < out.size(); ++d) {
    const auto& choices = space::decisions()[d].choices;
    for (std::size_t c = 0; c < choices.size(); ++c) {
      out[d][static_cast<std::size_t>(choices[c])] = static_cast<std::uint8_t>(c);
    }
  }
  return out;
}

const Lookup& lookup() {
  static const Lookup table = make_lookup();
  return table;
}

}  // namespace

void choice_row(const space::Architecture& arch, std::uint8_t* out) {
  // Decision 4 s + {0, 1, 2, 3} is stage s's expansion, kernel, layers, SE (search_space.h).
  const Lookup& l = lookup();
  for (std::size_t s = 0; s < static_cast<std::size_t>(space::kNumStages); ++s) {
    const space::Stage& st = arch.stages()[s];
    out[4 * s + 0] = l[4 * s + 0][static_cast<std::size_t>(st.expansion)];
    out[4 * s + 1] = l[4 * s + 1][static_cast<std::size_t>(st.kernel)];
    out[4 * s + 2] = l[4 * s + 2][static_cast<std::size_t>(st.layers)];
    out[4 * s + 3] = l[4 * s + 3][st.se ? 1u : 0u];
  }
}

std::vector<std::uint8_t> choice_rows(const std::vector<space::Architecture>& archs) {
  std::vector<std::uint8_t> out(archs.size() * kChoiceRow);
  for (std::size_t i = 0; i < archs.size(); ++i) choice_row(archs[i], &out[i * kChoiceRow]);
  return out;
}

void check_choice_rows(const std::uint8_t* rows, std::size_t n) {
  static const std::array<std::uint8_t, kChoiceRow> radix = [] {
    std::array<std::uint8_t, kChoiceRow> r{};
    for (std::size_t d = 0; d < kChoiceRow; ++d) {
      r[d] = static_cast<std::uint8_t>(space::decisions()[d].choices.size());
    }
    return r;
  }();
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t d = 0; d < kChoiceRow; ++d) {
      const std::uint8_t v = rows[i * kChoiceRow + d];
      if (v >= radix[d]) {
        throw std::invalid_argument("architecture " + std::to_string(i) + ": choice index of " +
                                    space::decisions()[d].name + " = " + std::to_string(v) +
                                    " is outside [0, " + std::to_string(radix[d]) + ")");
      }
    }
  }
}

}  // namespace anb::surrogate
