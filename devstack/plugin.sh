#!/bin/bash
# devstack plugin for ironic-lite: phase dispatch only.

source $DEST/ironic-lite/devstack/lib/ironic_lite

if is_service_enabled ironic-lite; then
    if [[ "$1" == "stack" && "$2" == "install" ]]; then
        install_ironic_lite
    elif [[ "$1" == "stack" && "$2" == "post-config" ]]; then
        configure_ironic_lite
        init_ironic_lite_db
    elif [[ "$1" == "stack" && "$2" == "extra" ]]; then
        start_ironic_lite
    fi
    if [[ "$1" == "unstack" ]]; then
        stop_ironic_lite
    fi
    if [[ "$1" == "clean" ]]; then
        cleanup_ironic_lite
    fi
fi
