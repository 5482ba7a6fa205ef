// Stand-in for "k6/execution": test.abort() throws a TestAbort that the runner (lib/k6-runner.mjs) stops on.
export class TestAbort extends Error {
  constructor(message) {
    super(message || "test aborted");
    this.name = "TestAbort";
  }
}

export default {
  test: {
    abort(message) {
      throw new TestAbort(message);
    },
  },
};
