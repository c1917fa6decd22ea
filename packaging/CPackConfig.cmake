# A .deb per component: crm-server (server, plugins, config, migrations)
# and crm-server-dev (the SDK: headers and the CrmSdk CMake package).
set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "crm-server")
set(CPACK_PACKAGE_VENDOR "crm-server")
set(CPACK_PACKAGE_CONTACT "crm-server maintainers <maintainers@crm-server.invalid>")
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL server sdk)
set(CPACK_DEBIAN_SERVER_PACKAGE_NAME "crm-server")
set(CPACK_DEBIAN_SDK_PACKAGE_NAME "crm-server-dev")
set(CPACK_DEBIAN_SERVER_PACKAGE_DEPENDS
  "libpocofoundation80, libpocoutil80, libpoconet80, libpoconetssl80, libpocojson80, libpocojwt80, libpococrypto80, libpocodata80, libpocodatapostgresql80, libboost-filesystem1.74.0, libpq5, libcrypt1")
# The system CA store that SMTP_STARTTLS verifies the relay against.
set(CPACK_DEBIAN_SERVER_PACKAGE_RECOMMENDS "ca-certificates")
set(CPACK_DEBIAN_SERVER_PACKAGE_CONTROL_EXTRA
  "${CMAKE_SOURCE_DIR}/packaging/deb/postinst")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
install(FILES packaging/systemd/crm-server.service DESTINATION lib/systemd/system COMPONENT server)
include(CPack)
