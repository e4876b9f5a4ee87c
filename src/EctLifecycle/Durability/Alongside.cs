namespace EctLifecycle.Durability;

/// <summary>
/// A report's parts read at the same time: when the part awaited first fails, the parts started beside it are cancelled
/// and waited for before its failure goes on, so that none runs on after the request (nor holds a connection), and their
/// own failures are observed, not left to the finalizer.
/// </summary>
internal static class Alongside
{
    /// <param name="cancel">The token source the <paramref name="started"/> parts were given, linked to the request's.</param>
    public static async Task<T> RunAsync<T>(CancellationTokenSource cancel, Func<Task<T>> first, params Task[] started)
    {
        try
        {
            return await first();
        }
        catch
        {
            await cancel.CancelAsync();
            try { await Task.WhenAll(started); }
            catch (Exception) { /* the first part's failure is the one reported; these are observed here */ }
            throw;
        }
    }
}
