#pragma once
// Ask/tell: drive an optimizer written elsewhere (e.g. in Python) through a Recorder, so that it
// is budgeted, de-duplicated and recorded exactly like the built-in algorithms.
//
//   loop: archs = ask(); values = recorder.evaluate(each arch, in order, while budget lasts);
//         tell(archs evaluated, their values); until the budget is spent.

#include <functional>
#include <vector>

#include "anb/search/history.h"

namespace anb::search {

// Proposes the next architectures (one or more).
using AskFunction = std::function<std::vector<space::Architecture>()>;
// Receives the architectures that were evaluated (a prefix of the last ask when the budget ran
// out) and their values (one row per architecture, one value per objective).
using TellFunction = std::function<void(const std::vector<space::Architecture>& archs,
                                        const std::vector<std::vector<double>>& values)>;

// Optional: the objective values of several architectures at once (one row each), e.g. one batch
// query of a surrogate; must equal what the problem's objective function returns one by one.
using BatchFunction =
    std::function<std::vector<std::vector<double>>(const std::vector<space::Architecture>& archs)>;

// How many ask/tell rounds in a row may spend no budget (every architecture a cached repeat)
// before run_ask_tell gives up.
inline constexpr std::size_t kMaxIdleRounds = 100;

// Runs ask/tell rounds on `recorder` until its budget is spent. Throws std::invalid_argument
// when ask() returns no architectures, or when kMaxIdleRounds rounds in a row spend nothing.
// With `batch`, each round's admitted architectures (Recorder::admitted) are evaluated by one call
// of it and recorded with Recorder::tell; without, one by one with Recorder::evaluate.
void run_ask_tell(Recorder& recorder, const AskFunction& ask, const TellFunction& tell,
                  const BatchFunction& batch = nullptr);

}  // namespace anb::search
