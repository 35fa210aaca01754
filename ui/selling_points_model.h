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
    // What a user edit did, so the brief's undo history can name the step.
    enum class Edit {
        Added,      // one point added at the end
        AddedList,  // several points added at once from a typed or pasted list
        Changed,    // a point's text replaced
        Removed,    // a point removed
        Moved,      // a point moved to another position
    };
    Q_ENUM(Edit)

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
    // Any change made by the user (add, edit, remove, move, paste), once per action: a pasted
    // list is one edit, so it is one undo step.
    void edited(SellingPointsModel::Edit edit);

private:
    bool contains(const QString& text, int exceptRow = -1) const;
    // Adds a trimmed point at the end without reporting an edit; false if blank or listed.
    bool insertAtEnd(const QString& text);

    QStringList points_;
};
