#include "anb/search/ask_tell.h"

#include <fmt/format.h>

#include <stdexcept>

namespace anb::search {

void run_ask_tell(Recorder& recorder, const AskFunction& ask, const TellFunction& tell,
                  const BatchFunction& batch) {
  std::size_t idle = 0;
  while (!recorder.exhausted()) {
    const std::vector<space::Architecture> archs = ask();
    if (archs.empty()) {
      throw std::invalid_argument("ask() returned no architectures; it must propose at least one");
    }
    const std::size_t before = recorder.remaining();
    std::vector<space::Architecture> told;
    std::vector<std::vector<double>> values;
    told.assign(archs.begin(),
                archs.begin() + static_cast<std::ptrdiff_t>(recorder.admitted(archs)));
    if (batch) {
      const std::vector<std::vector<double>> computed = told.empty() ? values : batch(told);
      if (computed.size() != told.size()) {
        throw std::runtime_error(
            fmt::format("batch evaluation returned {} rows for {} "
                        "architectures",
                        computed.size(), told.size()));
      }
      for (std::size_t i = 0; i < told.size(); ++i) {
        values.push_back(recorder.tell(told[i], computed[i]).values);
      }
    } else {
      for (const auto& a : told) values.push_back(recorder.evaluate(a).values);
    }
    tell(told, values);
    idle = recorder.remaining() == before ? idle + 1 : 0;
    if (idle >= kMaxIdleRounds) {
      throw std::invalid_argument(fmt::format(
          "ask() proposed only architectures evaluated before for {} rounds in a row "
          "(duplicates='cache' spends no budget on them); stopping with {} of {} evaluations "
          "left",
          kMaxIdleRounds, recorder.remaining(), recorder.budget()));
    }
  }
}

}  // namespace anb::search
