/**
 * Puppeteer (pulled in by @web/test-runner-puppeteer) never downloads a browser here: the tests
 * drive Debian's firefox-esr and chromium, and the machines that run them have no internet.
 */
module.exports = { skipDownload: true };
