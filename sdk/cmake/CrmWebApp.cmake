# crm_npm_install(<target> SOURCE_DIR <dir>)
#
# `npm ci` in SOURCE_DIR when its package-lock.json changes (for a project
# that only runs, like a browser test, and builds nothing).
#
# crm_npm_build(<target> SOURCE_DIR <dir> OUTPUT_DIR <dir>)
#
# Builds a front-end project with npm at build time (node and npm are
# build dependencies only; nothing of node runs in the server): `npm ci` in
# SOURCE_DIR when its package-lock.json changes, then
# `npm run build -- --outDir <OUTPUT_DIR>` whenever a source file changes.
# The project's build script must write everything it ships into the
# folder given by --outDir (Vite's own option; a copy script can take it
# too). node_modules/ stays in SOURCE_DIR, where npm and editors expect it.
#
# crm_add_web_app(<plugin id> [SOURCE_DIR <dir>] [FOLDER <name>])
#
# The same for a plugin's web app: built into the plugin's folder next to
# its library (FOLDER, default "web"; SOURCE_DIR, default web/) and
# installed with the plugin. The plugin serves it with Host::serveStatic
# (ABI 1.4, docs/static-files.md).
# The file npm ci rewrites in node_modules/, the output that says it ran.
function(crm_npm_ci_command source_dir installed_var)
  find_program(CRM_NPM npm)
  if(NOT CRM_NPM)
    message(FATAL_ERROR "npm is needed for ${source_dir} (apt-get install nodejs npm)")
  endif()
  set(installed "${source_dir}/node_modules/.package-lock.json")
  add_custom_command(OUTPUT "${installed}"
    COMMAND "${CRM_NPM}" ci --no-audit --no-fund --loglevel=error
    WORKING_DIRECTORY "${source_dir}"
    DEPENDS "${source_dir}/package.json" "${source_dir}/package-lock.json"
    COMMENT "npm ci in ${source_dir}")
  set(${installed_var} "${installed}" PARENT_SCOPE)
endfunction()

function(crm_npm_install target)
  cmake_parse_arguments(NPM "" "SOURCE_DIR" "" ${ARGN})
  crm_npm_ci_command("${NPM_SOURCE_DIR}" installed)
  add_custom_target(${target} ALL DEPENDS "${installed}")
endfunction()

function(crm_npm_build target)
  cmake_parse_arguments(NPM "" "SOURCE_DIR;OUTPUT_DIR" "" ${ARGN})
  crm_npm_ci_command("${NPM_SOURCE_DIR}" installed)
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS LIST_DIRECTORIES false "${NPM_SOURCE_DIR}/*")
  list(FILTER sources EXCLUDE REGEX "/(node_modules|dist)/")
  set(stamp "${CMAKE_CURRENT_BINARY_DIR}/${target}.built")
  add_custom_command(OUTPUT "${stamp}"
    COMMAND "${CMAKE_COMMAND}" -E rm -rf "${NPM_OUTPUT_DIR}"
    COMMAND "${CRM_NPM}" run --silent build -- --outDir "${NPM_OUTPUT_DIR}"
    COMMAND "${CMAKE_COMMAND}" -E touch "${stamp}"
    WORKING_DIRECTORY "${NPM_SOURCE_DIR}"
    DEPENDS "${installed}" ${sources}
    COMMENT "npm run build in ${NPM_SOURCE_DIR}")
  add_custom_target(${target} ALL DEPENDS "${stamp}")
endfunction()

function(crm_add_web_app id)
  cmake_parse_arguments(APP "" "SOURCE_DIR;FOLDER" "" ${ARGN})
  if(NOT APP_SOURCE_DIR)
    set(APP_SOURCE_DIR "${CMAKE_CURRENT_SOURCE_DIR}/web")
  endif()
  if(NOT APP_FOLDER)
    set(APP_FOLDER web)
  endif()
  crm_plugin_folders()
  set(out "${CRM_PLUGIN_OUTPUT_DIR}/${id}/${APP_FOLDER}")
  crm_npm_build(crm-web-app-${id} SOURCE_DIR "${APP_SOURCE_DIR}" OUTPUT_DIR "${out}")
  install(DIRECTORY "${out}/" DESTINATION "${CRM_PLUGIN_INSTALL_DIR}/${id}/${APP_FOLDER}" COMPONENT server)
endfunction()
