namespace EctLifecycle.Benchmarks;

/// <summary>The read measures (4)-(7): each URL timed from the client, sequentially, on a warm app.</summary>
public static class ReadBench
{
    public const string StudyDate = "2024-06-30";

    public static readonly (string Name, string Url)[] Portfolio =
    [
        ("Portfolio at a date", $"/api/analytics/portfolio?asOf={StudyDate}"),
        ("Score distribution", $"/api/analytics/distribution?asOf={StudyDate}"),
        ("Qualitative sample", $"/api/analytics/sample?asOf={StudyDate}"),
        // The whole portfolio is one answer of every profile (at L, hundreds of MB): its first page of 1,000 is what a
        // client that pages reads first.
        ("Portfolio at a date, first page of 1,000", $"/api/analytics/portfolio?asOf={StudyDate}&page=1&pageSize=1000"),
    ];

    public static readonly (string Name, string Url)[] Drifts =
    [
        ("Cohort drift by year", $"/api/analytics/cohorts?asOf={StudyDate}&by=emergenceYear&period=year"),
        ("Drift aligned on end of support", $"/api/analytics/aligned?asOf={StudyDate}&on=hubSupportEnded"),
    ];

    public const string Durability = $"/api/reports/durability?asOf={StudyDate}";

    /// <summary>The entrepreneurial figure at the study's date: every project's carrier, stages and pillars year by year (no target of its own).</summary>
    public const string Figure = $"/api/analytics/entrepreneurial-figure?asOf={StudyDate}";

    /// <summary>(9) The lineage and what projects produce at the study's date, each from one period per project (no target of their own).</summary>
    public static readonly (string Name, string Url)[] Analyses =
    [
        ("Lineage", $"/api/analytics/lineage?asOf={StudyDate}"),
        ("What projects produce, by sector", $"/api/analytics/outputs?asOf={StudyDate}&by=sector"),
    ];

    /// <summary>
    /// (10) The durability report and the heaviest analyses asked at once by as many clients, the start's watch list done: the
    /// app's peak memory while they are answered, and when each answer came.
    /// </summary>
    public static readonly (string Name, string Url)[] Together =
    [
        ("durability report", Durability),
        ("entrepreneurial figure", Figure),
        ("lineage", Analyses[0].Url),
        ("what projects produce", Analyses[1].Url),
        ("typology", $"/api/analytics/typology?asOf={StudyDate}"),
        ("pillars' persistence", $"/api/analytics/persistence?asOf={StudyDate}"),
    ];

    /// <summary>(4) The 500-event project at random business dates.</summary>
    public static Task<Stats> ProjectAsOfAsync(HttpClient http, Guid id, int reads, int seed)
    {
        var rng = new Random(seed);
        return Clock.RepeatAsync(reads, _ => Api.GetAsync(http,
            $"/api/projects/{id}?asOf={BigProject.Iso(BigProject.Day(rng, BigProject.EmergedOn, BigProject.LastDay))}"));
    }

    /// <summary>
    /// The first answer after the app started (cold); then <paramref name="repeats"/> answers while the runtime moves the
    /// read's code from its first, quick compilation to its optimised one (reported apart: they stood for the warm figure
    /// until 2026-12-02, when 5 of them gave 1.09 s for the whole portfolio at M where the next ten gave 0.59-0.84 s); then
    /// the median and p99 of <paramref name="repeats"/> more, on warm code.
    /// </summary>
    public static async Task<(double ColdMs, Stats Ramp, Stats Warm)> RepeatedAsync(HttpClient http, string url, int repeats)
    {
        var cold = await Clock.TimeAsync(() => Api.GetAsync(http, url));
        var ramp = await Clock.RepeatAsync(repeats, _ => Api.GetAsync(http, url));
        return (cold, ramp, await Clock.RepeatAsync(repeats, _ => Api.GetAsync(http, url)));
    }

    public static async Task<bool> ExistsAsync(HttpClient http, string url)
    {
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        return response.StatusCode != System.Net.HttpStatusCode.NotFound;
    }
}
