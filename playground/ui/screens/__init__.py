"""The app's screens: the race, the help, the pickers, the training run."""
