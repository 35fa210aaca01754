#pragma once

#include <QImage>
#include <QObject>
#include <QRect>
#include <QString>

// The product cut-out of the brief: its pixels (decoded by the engine's imaging code, the same
// decoder the generator and `adgen inspect-image` use) and what the inspection found.
// A failed load keeps the previous product and sets `error`/`errorFix`.
// Not `final`: QML instantiates it through a subclass (QQmlPrivate::QQmlElement).
class ProductController : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProductController)
    Q_PROPERTY(bool loaded READ loaded NOTIFY productChanged)
    Q_PROPERTY(QString filePath READ filePath NOTIFY productChanged)
    Q_PROPERTY(QString fileName READ fileName NOTIFY productChanged)
    Q_PROPERTY(QImage image READ image NOTIFY productChanged)
    Q_PROPERTY(int width READ width NOTIFY productChanged)
    Q_PROPERTY(int height READ height NOTIFY productChanged)
    Q_PROPERTY(QString format READ format NOTIFY productChanged)
    Q_PROPERTY(QRect productBox READ productBox NOTIFY productChanged)
    Q_PROPERTY(double coverage READ coverage NOTIFY productChanged)
    Q_PROPERTY(QString summary READ summary NOTIFY productChanged)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
    Q_PROPERTY(QString errorFix READ errorFix NOTIFY errorChanged)

public:
    // Everything the product view shows, so undo can put a product back without reading its
    // file again (the file may have been changed or removed since). QImage is shared, so a
    // state is cheap to keep.
    struct State {
        QString filePath;
        QImage image;
        QString format;
        QRect productBox;
        double coverage = 0.0;
        // Why a brief's product could not be loaded (see setMissing); empty otherwise.
        QString missingProblem;
        QString missingFix;

        bool operator==(const State& other) const;
        bool operator!=(const State& other) const { return !(*this == other); }
    };

    explicit ProductController(QObject* parent = nullptr);

    // Loads a cut-out from a local path or a file:// URL. Returns false, keeps the current
    // product and sets `error` if the file is missing, not an image, corrupt or has no alpha.
    Q_INVOKABLE bool load(const QString& pathOrUrl);
    Q_INVOKABLE void clear();
    Q_INVOKABLE void clearError();
    // For a brief whose product file has gone missing: remember the path, show why it's absent.
    void setMissing(const QString& path, const QString& problem, const QString& fix);
    // A cut-out from the clipboard: checked like a file (an image without alpha, fully opaque or
    // fully transparent is refused with the same message), then written as a PNG to `savePath`
    // and loaded from there, so a brief can refer to it. On failure (a null image: the clipboard
    // held none) the current product stays.
    bool loadPastedImage(const QImage& image, const QString& savePath);
    State state() const;
    void restore(const State& state);

    bool loaded() const { return !image_.isNull(); }
    QString filePath() const { return filePath_; }
    QString fileName() const;
    QImage image() const { return image_; }
    int width() const { return image_.width(); }
    int height() const { return image_.height(); }
    QString format() const { return format_; }
    QRect productBox() const { return productBox_; }
    double coverage() const { return coverage_; }
    // One line for the designer: size, format, product box and coverage.
    QString summary() const;
    QString error() const { return error_; }
    QString errorFix() const { return errorFix_; }

Q_SIGNALS:
    void productChanged();
    void errorChanged();

private:
    void setError(const QString& problem, const QString& fix);

    QString filePath_;
    QImage image_;
    QString format_;
    QRect productBox_;
    double coverage_ = 0.0;
    QString missingProblem_;
    QString missingFix_;
    QString error_;
    QString errorFix_;
};

// A local file path from either a plain path or a file:// URL (QML dialogs and drops give URLs).
QString localPathFrom(const QString& pathOrUrl);
