"""An optimizer playground: update rules racing on 2-D loss surfaces, then on MNIST."""

__version__ = "0.1.0"
