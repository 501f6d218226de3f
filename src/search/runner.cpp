#include "anb/search/runner.h"

#include <fmt/format.h>

#include <atomic>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace anb::search {

std::vector<Result> run_seeds(const ProblemFactory& make_problem, const SearchOptions& options,
                              const std::vector<std::uint64_t>& seeds, unsigned threads) {
  if (seeds.empty())
    throw std::invalid_argument("seeds: got an empty list; need at least one seed");
  if (threads > kMaxSearchThreads) {
    throw std::invalid_argument(fmt::format("threads: got {}; must be at most {} (0: one per core)",
                                            threads, kMaxSearchThreads));
  }
  std::vector<Result> results(seeds.size());
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(1, seeds.size())));
  std::atomic<std::size_t> next{0};
  std::exception_ptr error;
  std::mutex error_mutex;
  auto work = [&] {
    for (std::size_t i = next++; i < seeds.size(); i = next++) {
      try {
        const Problem problem = make_problem(seeds[i]);
        results[i] = run_search(problem, options, seeds[i]);
      } catch (...) {
        const std::lock_guard<std::mutex> lock(error_mutex);
        if (!error) error = std::current_exception();
        next = seeds.size();  // stop handing out work
      }
    }
  };
  if (threads <= 1) {
    work();
  } else {
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back(work);
    for (auto& t : pool) t.join();
  }
  if (error) std::rethrow_exception(error);
  return results;
}

std::vector<std::uint64_t> seed_range(std::uint64_t first, std::size_t count) {
  if (count > kMaxSeeds) {
    throw std::invalid_argument(
        fmt::format("seeds: got {}; must be at most {}", count, kMaxSeeds));
  }
  std::vector<std::uint64_t> seeds(count);
  for (std::size_t i = 0; i < count; ++i) seeds[i] = first + i;
  return seeds;
}

}  // namespace anb::search
