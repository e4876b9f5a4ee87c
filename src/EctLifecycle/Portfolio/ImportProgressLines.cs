using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Features;

namespace EctLifecycle.Portfolio;

/// <summary>
/// An import's progress, streamed on the answer to the upload itself when the client asks for it
/// (<c>Accept: application/x-ndjson</c>): one JSON line per step, <c>{"stage":"lecture","done":…,"total":…,"text":"…"}</c>,
/// then a last line <c>{"stage":"fin",…}</c> with the result. The progress travels on the connection that carries the
/// file and the result, so any instance behind a load balancer serves it without sticky sessions or a shared job table,
/// the uploaded file never leaves the instance that buffered it, and a client that goes away cancels the import (which
/// is all or nothing). Lines are sent when the stage or the whole percent changes: at most about a hundred per stage.
/// </summary>
public sealed class ImportProgressLines : IProgress<ImportProgress>, IAsyncDisposable
{
    public const string MediaType = "application/x-ndjson";
    public const string Reading = "lecture", End = "fin";
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");
    private static readonly JsonSerializerOptions Wire = new(JsonSerializerDefaults.Web);
    private static readonly ReadOnlyMemory<byte> NewLine = "\n"u8.ToArray();

    private readonly HttpResponse _response;
    private readonly Channel<object> _lines = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _sending;
    private readonly Lock _gate = new();
    private (string Stage, long Percent) _last = ("", -1);

    private ImportProgressLines(HttpResponse response, CancellationToken ct)
    {
        _response = response;
        _sending = SendAsync(ct);
    }

    public static bool IsAsked(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals(MediaType, StringComparison.OrdinalIgnoreCase));

    /// <summary>Starts the answer (200, one line at a time, through proxies that would otherwise hold it back).</summary>
    public static ImportProgressLines Start(HttpResponse response, CancellationToken ct)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = $"{MediaType}; charset=utf-8";
        response.Headers.CacheControl = "no-cache, no-store";
        response.Headers["X-Accel-Buffering"] = "no"; // nginx: pass each line on as it comes
        response.HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        return new ImportProgressLines(response, ct);
    }

    public void Report(ImportProgress value) => Report(value.Stage, value.Done, value.Total);

    /// <summary>A step: rows or events, or, while the file is read (<see cref="Reading"/>), its bytes.</summary>
    public void Report(string stage, long done, long total)
    {
        var percent = total <= 0 ? 0 : Math.Clamp(done * 100 / total, 0, 100);
        lock (_gate)
        {
            if (_last.Stage == stage && percent <= _last.Percent) return;
            _last = (stage, percent);
        }
        _lines.Writer.TryWrite(new { stage, done, total, text = Text(stage, done, total, percent) });
    }

    /// <summary>The last line, then the end of the answer.</summary>
    public async Task EndAsync(object result)
    {
        _lines.Writer.TryWrite(result);
        await DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _lines.Writer.TryComplete();
        await _sending;
    }

    private async Task SendAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var line in _lines.Reader.ReadAllAsync(ct))
            {
                await JsonSerializer.SerializeAsync(_response.Body, line, line.GetType(), Wire, ct);
                await _response.Body.WriteAsync(NewLine, ct);
                await _response.Body.FlushAsync(ct);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The client went away: the import, cancelled by the same token, writes nothing.
        }
    }

    private static string Text(string stage, long done, long total, long percent) => stage switch
    {
        Reading => $"Lecture du fichier : {percent} %",
        "écriture" => $"Écriture : {N(done)} événement(s) sur {N(total)}",
        _ => $"{char.ToUpper(stage[0], French)}{stage[1..]} : {N(done)} ligne(s) sur {N(total)}",
    };

    private static string N(long n) => n.ToString("N0", French);
}

/// <summary>
/// The uploaded file as it is read, reporting how much of it has been. A zip (and a workbook, which is one) is read about
/// twice: once to measure it against the limits, once for its rows; its directory first, at its end. So the bytes read,
/// whatever their place, are counted against twice the file's length, never past 99 % until <see cref="Done"/>.
/// </summary>
public sealed class ReadingProgressStream(Stream inner, Action<long, long> report) : CountedStream(inner)
{
    /// <summary>The file is read: 100 %.</summary>
    public void Done() => report(Inner.Length, Inner.Length);

    protected override void OnRead()
    {
        var expected = 2 * Inner.Length;
        report(Math.Min(BytesRead * Inner.Length / Math.Max(1, expected), Inner.Length * 99 / 100), Inner.Length);
    }
}
