# Install rules for other projects: find_package(h5x) and pkg-config h5x.
include(CMakePackageConfigHelpers)
install(EXPORT h5xTargets NAMESPACE h5x:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/h5x)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/h5xConfig.cmake.in
  ${PROJECT_BINARY_DIR}/h5xConfig.cmake INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/h5x)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/h5xConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/h5xConfig.cmake ${PROJECT_BINARY_DIR}/h5xConfigVersion.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/h5x)
configure_file(${PROJECT_SOURCE_DIR}/cmake/h5x.pc.in ${PROJECT_BINARY_DIR}/h5x.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/h5x.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
