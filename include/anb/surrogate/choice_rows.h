#pragma once
// Architectures as the evaluator reads them: one row of 28 bytes per architecture, byte d the
// index of the chosen value of decision d in space::decisions()[d].choices (the values of
// space::choice_indices and space::encode, as bytes). Queries by choice rows skip building
// Architecture objects and encodings.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "anb/space/architecture.h"
#include "anb/space/search_space.h"

namespace anb::surrogate {

// Bytes per choice row.
inline constexpr std::size_t kChoiceRow = space::kNumDecisions;

// Writes the choice row of `arch` to out[0 .. kChoiceRow) (equal to space::choice_indices).
void choice_row(const space::Architecture& arch, std::uint8_t* out);

// The choice rows of `archs`, row-major (archs.size() x kChoiceRow).
std::vector<std::uint8_t> choice_rows(const std::vector<space::Architecture>& archs);

// Checks `n` rows: throws std::invalid_argument naming the architecture (row), the decision and
// the value of the first index outside its decision's choices.
void check_choice_rows(const std::uint8_t* rows, std::size_t n);

}  // namespace anb::surrogate
