#pragma once

#include <QAbstractListModel>
#include <QStringList>

// The brief's selling points, in order, as the list the QML editor shows. Points are never
// blank, and the same text is never listed twice (a repeated selling point is one of the
// paper's readability reject reasons, so we stop it at the source).
// Not `final`: QML instantiates it through a subclass (QQmlPrivate::QQmlElement).
class SellingPointsModel : public QAbstractListModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SellingPointsModel)
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)

public:
    enum Role { TextRole = Qt::UserRole + 1 };

    explicit SellingPointsModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Adds one point at the end; false (and nothing changes) if it is blank or already listed.
    Q_INVOKABLE bool append(const QString& text);
    // Splits pasted text on commas, semicolons and line breaks (ASCII and full-width) and adds
    // each new item; returns how many were added.
    Q_INVOKABLE int appendFromText(const QString& text);
    Q_INVOKABLE bool setText(int row, const QString& text);
    Q_INVOKABLE bool remove(int row);
    // Moves the point at `from` so that it ends up at index `to`.
    Q_INVOKABLE bool move(int from, int to);
    Q_INVOKABLE QString textAt(int row) const;

    QStringList points() const { return points_; }
    // Replaces the whole list (when a brief is opened); blanks and repeats are dropped.
    void setPoints(const QStringList& points);

Q_SIGNALS:
    void countChanged();
    // Any change made by the user (add, edit, remove, move, paste), for the brief's modified flag.
    void edited();

private:
    bool contains(const QString& text, int exceptRow = -1) const;

    QStringList points_;
};
