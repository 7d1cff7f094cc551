"""One module per ``dti`` subcommand; see :mod:`dtilib.cli`."""
