#pragma once

#include <QQuickImageProvider>

#include <functional>

// Serves pictures kept in one of the studio's SQLite stores to QML as image://<name>/<id>, so
// lists can show thumbnails of shopper clicks and saved generations without their files.
// `lookup` gets the id and the larger side the view asked for (0: the stored size) and must be
// safe to call from the image loader's thread (the stores' thumbnail() functions are).
class ThumbnailProvider final : public QQuickImageProvider {
public:
    using Lookup = std::function<QImage(qint64 id, int maxSide)>;
    explicit ThumbnailProvider(Lookup lookup);
    QImage requestImage(const QString& id, QSize* size, const QSize& requestedSize) override;

private:
    Lookup lookup_;
};
