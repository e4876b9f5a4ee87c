namespace EctLifecycle.Benchmarks;

/// <summary>
/// The 500-event project of measure (4), logged through the API as staff would: actors who join and some who leave,
/// fundings secured and ended, notes, an assessment, and retractions; logged in an order that is not business order.
/// </summary>
public static class BigProject
{
    public const int Events = 500;
    public const string Key = "BENCH-500";
    public static readonly DateOnly EmergedOn = new(2000, 1, 15);
    public static readonly DateOnly LastDay = new(2025, 12, 31);

    public static async Task<Guid> CreateAsync(HttpClient http, int seed)
    {
        var rng = new Random(seed);
        var created = await Api.PostAsync(http, "/api/projects", new
        {
            name = "Grand projet du banc d'essai", sector = "alimentation", commune = "Lons-le-Saunier", summary = "500 jalons",
            occurredOn = Iso(EmergedOn), emergenceContext = "localProgramme", hubRole = "animator", inspiredElsewhere = false, key = Key,
        });
        var id = created["id"]!.GetValue<Guid>();
        var url = $"/api/projects/{id}/milestones";
        var logged = 1;
        async Task<Guid> Log(object body) { logged++; return (await Api.PostAsync(http, url, body))["eventId"]!.GetValue<Guid>(); }

        var joins = Enumerable.Range(1, 30).Select(i => (Name: $"Acteur {i:00}", On: Day(rng, EmergedOn, new DateOnly(2020, 1, 1)))).ToList();
        foreach (var (name, on) in joins.OrderBy(_ => rng.Next()))
            await Log(new { type = "actorJoined", occurredOn = Iso(on), actorName = name, kind = "association", isLocal = rng.Next(3) > 0, role = "partner" });
        foreach (var (name, on) in joins.Take(10))
            await Log(new { type = "actorLeft", occurredOn = Iso(Day(rng, on.AddDays(1), LastDay)), actorName = name, reason = "départ" });
        for (var i = 1; i <= 20; i++)
        {
            var from = Day(rng, EmergedOn, new DateOnly(2022, 1, 1));
            await Log(new { type = "fundingSecured", occurredOn = Iso(from), fundingId = $"F{i:00}", sourceKind = i % 2 == 0 ? "publicSubsidy" : "sales",
                funder = "Région", amountEuros = 1000 * i, periodStart = Iso(from), periodEnd = Iso(from.AddYears(1)) });
            if (i % 2 == 0) await Log(new { type = "fundingEnded", occurredOn = Iso(from.AddYears(1)), fundingId = $"F{i:00}", reason = "fin" });
        }
        await Log(new { type = "criteriaAssessed", occurredOn = "2024-01-10", gridVersion = "v1",
            scores = new[] { new { criterionId = "cooperation-alive", points = 2, rationale = "bien" } } });
        var notes = new List<Guid>();
        while (logged < Events - 20)
            notes.Add(await Log(new { type = "note", occurredOn = Iso(Day(rng, EmergedOn, LastDay)), text = $"Note {logged}" }));
        foreach (var note in notes.OrderBy(_ => rng.Next()).Take(Events - logged))
            await Log(new { type = "retraction", occurredOn = Iso(LastDay), retractedEventId = note, reason = "erreur de saisie" });
        return id;
    }

    public static DateOnly Day(Random rng, DateOnly from, DateOnly to) =>
        to <= from ? from : DateOnly.FromDayNumber(rng.Next(from.DayNumber, to.DayNumber + 1));

    public static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
