// `anb data`: validate a dataset and export it as a flat table.
#include <fmt/format.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "anb/data/dataset.h"
#include "anb/data/export.h"
#include "anb/data/summary.h"
#include "anb/io/atomic_file.h"
#include "cli_checks.h"
#include "command.h"
#include "data_path.h"

namespace anb::cli {
namespace {

struct DataArgs {
  std::string data;
  bool json = false;
  std::string format = "csv";
  std::string out;
};

void print_summary(const data::DataSummary& s, const std::string& source) {
  std::cout << fmt::format("dataset      {}\n", source)
            << fmt::format("records      {} valid, {} invalid\n", s.records, s.invalid)
            << fmt::format("architectures {} unique, {} duplicate records in {} groups\n",
                           s.unique_architectures, s.duplicates, s.duplicate_groups.size());
  for (const auto& group : s.duplicate_groups) {
    std::string ids;
    for (const auto& id : group) ids += (ids.empty() ? "" : " = ") + id;
    std::cout << "  " << ids << "\n";
  }
  std::cout << fmt::format("{:<22} {:>7} {:>6} {:>12} {:>12} {:>12}\n", "target", "count",
                           "nulls", "min", "max", "mean");
  for (const auto& t : s.targets) {
    std::cout << fmt::format("{:<22} {:>7} {:>6} {:>12.4f} {:>12.4f} {:>12.4f}\n", t.name,
                             t.count, t.nulls, t.min, t.max, t.mean);
  }
  std::cout << fmt::format(
      "model_info   {} records; max |computed - recorded|: MACs {:.6f} M ({}), params {:.6f} M "
      "({})\n",
      s.model_info_records, s.macs_max_abs_err, s.macs_worst_record, s.params_max_abs_err,
      s.params_worst_record);
  std::cout << fmt::format("fingerprint  {}\n", s.fingerprint);
}

void run_check(const DataArgs& args) {
  const auto path = resolve_data_path(args.data);
  data::LoadOptions options;
  options.strict = false;
  const data::Dataset dataset = data::Dataset::load(path, options);
  for (const data::LoadProblem& p : dataset.problems()) {
    std::cerr << "anb: invalid record: " << p.file << ": " << p.message << "\n";
  }
  const data::DataSummary summary = data::summarize(dataset);
  if (args.json) {
    std::cout << data::to_json(summary, dataset)
                     .dump(1, ' ', false, nlohmann::ordered_json::error_handler_t::replace)
              << "\n";
  } else {
    print_summary(summary, path.string());
  }
  if (summary.invalid > 0) {
    std::cerr << "anb: error: " << summary.invalid << " invalid record(s) in " << path.string()
              << "\n";
    throw CLI::RuntimeError(1);
  }
}

void run_export(const DataArgs& args) {
  const auto path = resolve_data_path(args.data);
  const data::Dataset dataset = data::Dataset::load(path);
  const std::string text =
      args.format == "csv" ? data::export_csv(dataset) : data::export_jsonl(dataset);
  if (args.out.empty()) {
    std::cout << text;
  } else {
    io::write_file_atomic(args.out, text);
  }
}

void setup(CLI::App& app) {
  auto args = std::make_shared<DataArgs>();
  CLI::App* data = app.add_subcommand("data", "Validate and export Accel-NASBench records");
  data->require_subcommand(1);
  const std::string data_help =
      "records: a directory of result_*.json files or a .tar/.tar.gz of them "
      "(default: $ANB_DATA)";

  CLI::App* check = data->add_subcommand(
      "check", "Validate every record; report counts, duplicates, nulls, ranges and the "
               "largest MACs/params deviation (exit 1 if any record is invalid)");
  check->add_option("--data", args->data, data_help);
  check->add_flag("--json", args->json, "print one JSON object");
  check->callback([args] { run_check(*args); });

  CLI::App* exp = data->add_subcommand(
      "export", "One row per record: id, architecture, encoding, every target, MACs, params");
  exp->add_option("--data", args->data, data_help);
  exp->add_option("--format", args->format, "csv or jsonl")
      ->check(CLI::IsMember({"csv", "jsonl"}))
      ->default_val("csv");
  cli::add_output(exp, "--out", args->out, "output file (written atomically; default: stdout)");
  exp->callback([args] { run_export(*args); });
}

}  // namespace

void add_data_command(CLI::App& app) {
  setup(app);
}

}  // namespace anb::cli
