// `anb serve`: the local web explorer (page and JSON API, docs/serve.md).
#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <exception>
#include <iostream>
#include <thread>

#include "anb/serve/server.h"
#include "command.h"
#include "surrogate/surrogate_cli.h"
#include "../cli_checks.h"

namespace anb::cli {
namespace {

struct ServeArgs {
  std::string models;
  std::vector<std::string> data;
  bool no_data = false;
  serve::ServeOptions options;
  serve::ApiLimits limits;
};

serve::Server* running = nullptr;

extern "C" void stop_on_signal(int) {
  if (running != nullptr) running->stop();
}

void run(const ServeArgs& args) {
  args.options.validate();
  args.limits.validate();
  auto bench = surrogate::Benchmark::load(args.models);
  std::optional<data::Dataset> records;
  if (!args.no_data) records = load_data(args.data).records;
  const serve::Api api(std::move(bench), std::move(records), args.limits,
                       search::default_reference());
  serve::Server server(api, args.options);
  // Listen first, then install the handlers, then say where: whoever reads the ready line may
  // stop the server at once (stop() has no effect before listening starts).
  std::atomic<bool> done{false};
  std::exception_ptr failure;
  std::thread listener([&] {
    try {
      server.listen();
    } catch (...) {
      failure = std::current_exception();
    }
    done = true;
  });
  while (!server.running() && !done) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  running = &server;
  std::signal(SIGINT, stop_on_signal);
  std::signal(SIGTERM, stop_on_signal);
  if (!args.options.loopback()) {
    std::cerr << fmt::format(
        "anb: warning: listening on {}, not loopback: anyone who can reach this address can use "
        "the server (read-only, but searches cost CPU)\n",
        args.options.host);
  }
  if (!done) {
    std::cout << fmt::format("anb serve: http://{}:{}/  ({} targets{}; Ctrl-C stops)\n",
                             args.options.host, server.port(), api.benchmark().targets().size(),
                             args.no_data ? ", no data" : "")
              << std::flush;
  }
  listener.join();
  running = nullptr;
  if (failure) std::rethrow_exception(failure);
}

void setup(CLI::App& app) {
  auto args = std::make_shared<ServeArgs>();
  CLI::App* cmd = app.add_subcommand("serve", "Local web explorer: page and JSON API (read-only)");
  cmd->add_option("--models", args->models, "model directory written by `anb fit`")->required();
  cmd->add_option("--data", args->data,
                  "measured records to plot (dataset folder or tarball; default $ANB_DATA)");
  cmd->add_flag("--no-data", args->no_data,
                "serve the models only (no scatter of measured points)");
  cmd->add_option("--host", args->options.host, "address to bind (loopback unless you say so)")
      ->default_val("127.0.0.1");
  cmd->add_option("--port", args->options.port, "port (0: any free port)")->default_val(8080)
      ->check(cli::count(0, 65535));
  cmd->add_option("--threads", args->options.threads, "worker threads (concurrent connections)")
      ->default_val(8)
      ->check(cli::count(1, cli::kMaxThreads));
  cmd->add_option("--max-batch", args->limits.max_batch, "architectures per POST /api/query")
      ->default_val(10000)
      ->check(cli::count(1, 10000000));
  cmd->add_option("--max-search-budget", args->limits.max_search_budget,
                  "evaluations per POST /api/search")
      ->default_val(5000)
      ->check(cli::count(1, 10000000));
  cmd->add_option("--max-search-seconds", args->limits.max_search_seconds,
                  "wall time of one search")
      ->default_val(10.0)
      ->check(cli::finite());
  cmd->callback([args] { run(*args); });
}

}  // namespace

void add_serve_command(CLI::App& app) {
  setup(app);
}

}  // namespace anb::cli
