using System.Text.RegularExpressions;

namespace EctLifecycle.Tests.EventStore;

/// <summary>
/// What goes below Marten's API lives in src/EctLifecycle/EventStore/ only: no other source file names Marten's event
/// tables or the score periods' table, writes SQL on a document table it looked up in the store, or opens a COPY (a
/// tombstone row read by a reader elsewhere once took the portfolio down). The analysts' views over the periods are
/// schema objects Marten makes and checks (ScoreHistory/ScoreHistoryViews.cs), and the questions' SQL reads them.
/// </summary>
public class OneHomeBelowMarten
{
    private static readonly Regex Below = new(@"mt_events|mt_streams|mt_doc_projectkey|mt_doc_scoreperiod\b|DocumentStore\.Options\.Schema\.For<|BeginRawBinaryCopy|BeginBinaryImport|BeginBinaryExport|BeginTextImport|BeginTextExport|\bcopy\s+\S+\s+(\(|from|to)",
        RegexOptions.IgnoreCase);

    [Fact]
    public void no_file_outside_event_store_names_martens_event_tables_or_opens_a_copy()
    {
        var source = Path.Combine(Repository(), "src", "EctLifecycle");
        var home = Path.Combine(source, "EventStore") + Path.DirectorySeparatorChar;
        var files = Directory.EnumerateFiles(source, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs") || f.EndsWith(".cshtml"))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .ToList();
        files.Count.ShouldBeGreaterThan(50);
        files.Where(f => f.StartsWith(home)).ShouldNotBeEmpty();
        var outside = files.Where(f => !f.StartsWith(home))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, i, line)))
            .Where(x => Below.IsMatch(x.line))
            .Select(x => $"{Path.GetRelativePath(source, x.f)}:{x.i + 1}: {x.line.Trim()}").ToList();
        outside.ShouldBeEmpty("go below Marten's API only in EventStore/ (IEventRows)");
    }

    [Fact]
    public void the_scan_finds_what_it_looks_for()
    {
        Below.IsMatch("select count(*) from ect.mt_events").ShouldBeTrue();
        Below.IsMatch("await connection.BeginRawBinaryCopyAsync(sql)").ShouldBeTrue();
        Below.IsMatch("copy ect.plans (id) from stdin").ShouldBeTrue();
        Below.IsMatch("var copy = new List<int>();").ShouldBeFalse();
        Below.IsMatch("delete from ect.mt_doc_scoreperiod where project_id = @id").ShouldBeTrue();
        Below.IsMatch("var periods = session.DocumentStore.Options.Schema.For<ScorePeriod>();").ShouldBeTrue();
        Below.IsMatch("i.Name = \"mt_doc_scoreperiod_current\"").ShouldBeFalse("the name of an index Marten makes, in its configuration");
    }

    private static string Repository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "EctLifecycle.sln"))) return dir.FullName;
        throw new InvalidOperationException("EctLifecycle.sln not found above the test's folder");
    }
}
