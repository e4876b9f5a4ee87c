namespace EctLifecycle.Privacy;

/// <summary>
/// One erasure of a person's name (RGPD), as a Marten document: stored before the events are masked, completed after.
/// It never holds the name: who asked for it (a login), why (a reason that cannot contain the name), the pseudonym now
/// standing for the person, the project it was limited to, the streams whose events were masked and the counts. Every
/// app instance reads the streams of completed erasures to forget the timelines it kept of them
/// (<see cref="EctLifecycle.EventStore.ErasedStreams"/>, which reads its completion and streams below Marten).
/// </summary>
public sealed class Erasure
{
    public Guid Id { get; set; }
    public DateTimeOffset At { get; set; }
    public string Who { get; set; } = "";
    public string Reason { get; set; } = "";
    public string Pseudonym { get; set; } = "";
    public Guid? ProjectId { get; set; }
    public List<Guid> Streams { get; set; } = [];
    public int EventsMasked { get; set; }
    public int AnswersRewritten { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
}
