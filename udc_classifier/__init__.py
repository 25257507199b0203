__version__ = "0.1.0"

# The public top level. Each name is imported from its module on first use, so `import udc_classifier.config`
# stays light (no torch) and the command lines answer at once; everything else lives in its module.
# `Predictor` comes through `inference.hub`, which adds `Predictor.from_hub` to it.
_PUBLIC = {'train': 'learner.train', 'resume': 'learner.train', 'TrainConfig': 'config', 'load_config': 'config',
           'Predictor': 'inference.hub', 'push_to_hub': 'inference.hub', 'run_sweep': 'sweep.run', 'run_hpo': 'hpo', 'get_loss': 'losses',
           'Decision': 'decisions', 'fit_decision': 'decisions', 'RunDir': 'rundir'}
__all__ = list(_PUBLIC)
# modules that register entries a public name looks up: `get_loss('udc_seesaw')` needs the UDC-Model losses
_REGISTERS = {'get_loss': ['udc_losses']}

def __getattr__(name):
    if name not in _PUBLIC: raise AttributeError(f"module 'udc_classifier' has no attribute {name!r}")
    import importlib
    for m in _REGISTERS.get(name, ()): importlib.import_module(f'.{m}', __name__)
    value = getattr(importlib.import_module(f'.{_PUBLIC[name]}', __name__), name)
    globals()[name] = value
    return value

def __dir__(): return sorted(list(globals()) + __all__)
