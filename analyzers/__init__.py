"""Built-in analyzer plugins (metrics, logs, traces, k8s), registered through the
`rootline.analyzers` entry points like any third-party plugin."""
