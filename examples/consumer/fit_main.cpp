// Links the fit library of an installed anb (anb::surrogate, XGBoost inside): checks the default
// fit options and prints the targets they fit.
#include <cstdio>

#include "anb/surrogate/fit.h"

int main() {
  const anb::surrogate::FitOptions options;
  options.validate();
  std::printf("anb::surrogate: default fit of %zu member(s) for accuracy\n",
              static_cast<std::size_t>(options.hyperparameters.for_target("accuracy").members));
  return 0;
}
