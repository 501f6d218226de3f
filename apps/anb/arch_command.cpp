// `anb arch`: inspect, sample, mutate and list neighbours of architectures.
#include <fmt/format.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "anb/space/cost.h"
#include "anb/space/describe.h"
#include "anb/space/search_space.h"
#include "command.h"
#include "cli_checks.h"

namespace anb::cli {
namespace {

using space::describe;

void print_info(const space::Architecture& arch) {
  const space::Cost c = space::cost(arch);
  std::cout << arch.to_string() << "\n"
            << fmt::format("  index   {}\n  MACs    {:.6f} M (224 px)\n  params  {:.6f} M\n",
                           space::index_of(arch), c.mmacs(), c.mparams());
  std::cout << "  encoding";
  for (double v : space::encode(arch)) std::cout << ' ' << v;
  std::cout << "\n  stage  expansion  kernel  layers  SE\n";
  for (int s = 0; s < space::kNumStages; ++s) {
    const space::Stage& st = arch.stage(s);
    std::cout << fmt::format("  {:>5}  {:>9}  {:>6}  {:>6}  {}\n", s, st.expansion, st.kernel,
                             st.layers, st.se ? "yes" : "no");
  }
}

void print_list(const std::vector<space::Architecture>& archs, bool json) {
  if (json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& a : archs) out.push_back(describe(a));
    std::cout << out.dump(1) << "\n";
  } else {
    for (const auto& a : archs) std::cout << a.to_string() << "\n";
  }
}

struct ArchArgs {
  std::vector<std::string> archs;
  bool json = false;
  std::size_t n = 10;
  std::uint64_t seed = 0;
};

void setup(CLI::App& app) {
  auto args = std::make_shared<ArchArgs>();
  CLI::App* arch = app.add_subcommand("arch", "Inspect, sample and mutate architectures");
  arch->require_subcommand(1);

  CLI::App* info = arch->add_subcommand(
      "info", "Canonical form, encoding, index, MACs and params of architectures");
  info->add_option("ARCH", args->archs,
                   "canonical string (e1666666-k3353553-l1223341-seTTTTTTT), JSON record form "
                   "or 'efficientnet-b0'")
      ->required();
  info->add_flag("--json", args->json, "print a JSON array, one object per architecture");
  info->callback([args] {
    std::vector<space::Architecture> parsed;
    for (const auto& text : args->archs) parsed.push_back(space::Architecture::parse(text));
    if (args->json) {
      print_list(parsed, true);
    } else {
      for (const auto& a : parsed) print_info(a);
    }
  });

  CLI::App* sample = arch->add_subcommand("sample", "Draw architectures uniformly at random");
  sample->add_option("--n", args->n, "how many")->default_val(10)
      ->check(cli::count(1, 1000000));
  sample->add_option("--seed", args->seed, "random seed")->default_val(0)->check(cli::seed());
  sample->add_flag("--json", args->json, "print JSON objects instead of canonical strings");
  sample->callback([args] { print_list(space::sample(args->n, args->seed), args->json); });

  CLI::App* mutate = arch->add_subcommand("mutate", "Change one decision at random");
  mutate->add_option("ARCH", args->archs, "architecture to mutate")->required()->expected(1);
  mutate->add_option("--n", args->n, "how many independent mutants")->default_val(1)
      ->check(cli::count(1, 1000000));
  mutate->add_option("--seed", args->seed, "random seed")->default_val(0)->check(cli::seed());
  mutate->add_flag("--json", args->json, "print JSON objects");
  mutate->callback([args] {
    const auto parent = space::Architecture::parse(args->archs.front());
    stats::Rng rng(args->seed);
    std::vector<space::Architecture> out;
    for (std::size_t i = 0; i < args->n; ++i) out.push_back(space::mutate(parent, rng));
    print_list(out, args->json);
  });

  CLI::App* nb = arch->add_subcommand("neighbors", "All architectures one decision away");
  nb->alias("neighbours");
  nb->add_option("ARCH", args->archs, "architecture")->required()->expected(1);
  nb->add_flag("--json", args->json, "print JSON objects");
  nb->callback([args] {
    print_list(space::neighbours(space::Architecture::parse(args->archs.front())), args->json);
  });
}

}  // namespace

void add_arch_command(CLI::App& app) {
  setup(app);
}

}  // namespace anb::cli
