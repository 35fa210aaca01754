#pragma once

#include "adgen/engine.h"
#include "saved_variant.h"
#include "variant_canvas.h"

#include <QAbstractListModel>
#include <QImage>
#include <QSet>
#include <QStringList>
#include <QTimer>

#include <vector>

// The variants of the current generation, as the grid shows them while they are written and
// rendered. Picture changes arrive once per image token; they are collected and published at
// most every `kRefreshMs`, so a fast model cannot flood the UI thread with repaints.
// Not `final`: QML instantiates it through a subclass (QQmlPrivate::QQmlElement).
class VariantsModel : public QAbstractListModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(VariantsModel)
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    Q_PROPERTY(int finishedCount READ finishedCount NOTIFY stateCountsChanged)
    Q_PROPERTY(int activeCount READ activeCount NOTIFY stateCountsChanged)

public:
    // Where a variant is, in the order it gets there.
    enum class State {
        Queued,     // waiting for the model (the history and the prompt are being prepared)
        Writing,    // stage 1: the copy streams in
        Rendering,  // stage 2: image tokens are drawn
        Done,       // finished: final copy, image and fusion image
        Cancelled,  // stopped by the designer; keeps what it had
        Failed,     // the generation failed (the controller shows why)
    };
    Q_ENUM(State)

    enum Role {
        NumberRole = Qt::UserRole + 1,  // 1-based, as the designer names them
        SeedRole,                       // decimal text: 64-bit seeds do not fit a JavaScript number
        TitleRole,
        StateRole,                      // State as int
        StateLabelRole,                 // "Writing copy", "Rendering 40 %", ...
        ActiveRole,                     // queued, writing or rendering: can be cancelled
        ImageRole,                      // QImage: the picture so far, the raw generated image when done
        FusionImageRole,                // QImage: the product composited back (done only)
        ProgressRole,                   // 0..1 of the image tokens
        RevisionRole,                   // bumps whenever the picture changes
        LabelRole,                      // what the row stands for beyond its number (the shopper grid's shopper)
    };

    static constexpr int kRefreshMs = 33;

    explicit VariantsModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    // A new generation: `seeds.size()` queued variants on `grid` x `grid` tokens of `imageSize` px.
    // `labels`, when given, name the rows (one per seed).
    void start(const std::vector<quint64>& seeds, int grid, int imageSize, const QStringList& labels = {});
    void setState(int variant, State state);
    // Every variant still queued, writing or rendering moves to `state` (a failure or cancel-all).
    void endActive(State state);
    void appendTitle(int variant, const QString& text);
    void paintToken(int variant, int row, int col, QColor colour);
    void paintPreview(int variant, const QImage& preview, int rows);
    void finish(int variant, const QString& title, const QImage& image, const QImage& fusion);
    // Shows one engine event of a variant in row `row` (the copy streaming in, an image token, a
    // decoded preview, the finished variant, its cancellation). Returns false for events that
    // are not about one variant (phase, stats, done, error), which the controller handles.
    bool apply(int row, const adgen::GenerationEvent& event);
    // Shows a generation from the history instead: the saved variants in this order, with their
    // numbers, seeds, copy and pictures; "done" ones are Done, "failed" ones Failed, the rest
    // (cancelled, or cut short by an interruption) Cancelled. Blank canvases of `grid` x `grid`
    // tokens of `imageSize` px stand in for missing pictures.
    void restore(const std::vector<SavedVariant>& saved, int grid, int imageSize);

    // Every role of one row by its QML name ({"title": ..., "image": ...}), for QML code that
    // works with rows outside a delegate (compare, export).
    Q_INVOKABLE QVariantMap at(int row) const;

    State state(int variant) const;
    // The number the designer knows the variant by (1-based; a restored generation may skip some).
    int number(int variant) const;
    QString title(int variant) const;
    quint64 seed(int variant) const;
    QImage image(int variant) const;
    QImage fusionImage(int variant) const;
    int finishedCount() const;
    int activeCount() const;
    // Publishes collected picture changes now (tests; the timer does it otherwise).
    void flush();

Q_SIGNALS:
    void countChanged();
    void stateCountsChanged();

private:
    struct Variant {
        int number = 1;
        QString label;
        quint64 seed = 0;
        QString title;
        State state = State::Queued;
        VariantCanvas canvas{1, 1};
        QImage fusion;
        int revision = 0;
    };
    bool valid(int variant) const { return variant >= 0 && variant < static_cast<int>(variants_.size()); }
    void changed(int variant, const QList<int>& roles);
    void pictureChanged(int variant);
    QString stateLabel(const Variant& variant) const;

    std::vector<Variant> variants_;
    QSet<int> dirtyPictures_;
    QTimer refresh_;
};
