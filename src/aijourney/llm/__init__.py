"""A generative language model that runs on the trainee's own machine, offline, on the CPU.

``load_model()`` gives the course's model (Gemma 3 270M unless ``AIJOURNEY_LLM`` names another);
``aijourney models prepare`` (part of the set-up) makes it load in seconds. See ``cache`` for where
the files live and ``model`` for what the lessons can ask of it.
"""

from .cache import ModelError, ModelSource, cache_dir, configured_source, is_prepared, prepare, prepared_folder
from .model import LanguageModel, Settings, load_model

__all__ = ["ModelError", "ModelSource", "cache_dir", "configured_source", "is_prepared", "prepare",
           "prepared_folder", "LanguageModel", "Settings", "load_model"]
