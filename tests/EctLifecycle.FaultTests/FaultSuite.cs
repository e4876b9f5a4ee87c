// The fault suite: each test provokes one fault a real deployment meets (a killed process, a database that stops and
// starts, later a client dropping its socket mid-POST or two instances racing the same Idempotency-Key) and counts
// what clients saw and what was stored, printing the counts in the test output so they can be quoted.
//
// Helpers: AppProcess (the built app as a process, killable and restartable, its log under TestResults/fault/) and
// ThrowawayPostgres (a cluster of the test's own that it may stop and start). Tests that need no outage of the database
// may use the deploy/test server (ECT_TEST_CONNECTION_STRING) in a schema of their own instead.
//
// The tests run one at a time: they start processes and clusters and measure under load, and the machine is small.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
// Linux only: /proc/PID/status, runuser, pg_ctl.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
