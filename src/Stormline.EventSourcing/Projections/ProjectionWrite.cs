using System.Data.Common;

namespace Stormline.EventSourcing.Projections;

/// <summary>
/// The writes a projection prepared for one batch outside any transaction (see <see cref="IProjection.Prepare"/>),
/// run in the batch's transaction before its checkpoint moves.
/// </summary>
public delegate Task ProjectionWrite(DbTransaction transaction, CancellationToken cancellationToken);
