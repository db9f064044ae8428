"""``python -m cctv_audit`` runs the command line."""

from cctv_audit.cli import main

main()
