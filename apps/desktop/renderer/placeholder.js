/* Placeholder renderer: shows what the runtime answers through the preload bridge. Replaced by the
   officer UI (issue 7). Runs under the strict CSP: no inline script, no eval. */
/* global window, document */
(function () {
  const status = document.getElementById('status');
  const bridge = window.borderpost;
  if (!bridge) {
    status.textContent = 'The preload bridge is missing.';
    return;
  }
  bridge.invoke('app.info', {}).then(function (answer) {
    if (!answer.ok) {
      status.textContent = 'Runtime error: ' + answer.error.code;
    } else if (!answer.value.runtimeReady) {
      status.textContent = 'The post runtime is not ready yet (groundwork build).';
    } else {
      status.textContent = 'Ready.';
    }
  });
})();
