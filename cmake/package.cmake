# Install rules for other projects: find_package(h5x) and pkg-config h5x.
include(CMakePackageConfigHelpers)
install(EXPORT h5xTargets NAMESPACE h5x:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/h5x)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/h5xConfig.cmake.in
  ${PROJECT_BINARY_DIR}/h5xConfig.cmake INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/h5x)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/h5xConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/h5xConfig.cmake ${PROJECT_BINARY_DIR}/h5xConfigVersion.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/h5x)
# the .pc file finds its prefix relative to itself, so a staged or moved
# install works too
file(RELATIVE_PATH H5X_PC_PREFIX_FROM_PCDIR ${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig ${CMAKE_INSTALL_PREFIX})
configure_file(${PROJECT_SOURCE_DIR}/cmake/h5x.pc.in ${PROJECT_BINARY_DIR}/h5x.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/h5x.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
