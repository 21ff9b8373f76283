#include "startup.h"

namespace remotemedia::python {

void init_runtime_config(PyConfig& config) {
  PyConfig_InitIsolatedConfig(&config);
  config.site_import = 0;
  config.module_search_paths_set = 1;
  config.use_hash_seed = 1;
  config.hash_seed = 0;
}

}  // namespace remotemedia::python
