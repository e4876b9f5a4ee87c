namespace EctLifecycle.Portfolio;

/// <summary>
/// The errors of an import as they are found (project by project), keeping only the first <c>max</c> by sheet and row
/// and counting the rest: a file of 200,000 bad rows answers with its first 200 errors and their total, not 47 MB.
/// </summary>
public sealed class ImportErrors(int max)
{
    private long _found;
    // The kept errors, the last in sheet and row order first out, so that a better one can take its place.
    private readonly PriorityQueue<ImportError, (int Sheet, int Row, long Found)> _kept =
        new(Comparer<(int Sheet, int Row, long Found)>.Create((a, b) => b.CompareTo(a)));

    public int Count { get; private set; }

    public void Add(ImportError error)
    {
        Count++;
        var at = (SheetOrder(error.Sheet), error.Row, _found++);
        if (_kept.Count < max) _kept.Enqueue(error, at);
        else if (max > 0 && _kept.TryPeek(out _, out var last) && at.CompareTo(last) < 0) _kept.EnqueueDequeue(error, at);
    }

    public void AddRange(IEnumerable<ImportError> errors)
    {
        foreach (var e in errors) Add(e);
    }

    /// <summary>The kept errors by sheet (the file, projects, milestones, assessments), row, then in the order they were found.</summary>
    public List<ImportError> First() =>
        _kept.UnorderedItems.OrderBy(e => e.Priority).Select(e => e.Element).ToList();

    private static int SheetOrder(string sheet) =>
        sheet == PortfolioSchema.Projects.Name ? 1 : sheet == PortfolioSchema.Milestones.Name ? 2 : sheet == PortfolioSchema.Assessments.Name ? 3 : 0;
}
