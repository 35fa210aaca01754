import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtQuick.Dialogs
import AdGen.Studio

// The shopper library: search the profiles (thumbnail, name, notes, clicks), create, import
// (PAd1M file or history file) and delete them; edit the selected one's name, notes and ordered
// click history (add pictures, paste clicks, retitle, reorder, remove); use it for generation.
// After a generation, the clicks the history sampling picked are marked.
Pane {
    id: root

    required property ProfileStore store
    required property GenerationController generation
    property var selectedId: -1

    padding: 8

    ShopperProfilesModel {
        id: profiles
        store: root.store
    }
    ClickHistoryModel {
        id: clicks
        store: root.store
        profileId: root.selectedId
    }

    function select(id) {
        root.selectedId = id
        const row = profiles.rowOf(id)
        profileList.currentIndex = row
    }
    // The picked clicks are shown only for the profile the last generation used.
    function wasUsed(position) {
        return root.generation.shopperProfileId === root.selectedId
               && root.generation.historyUsed.indexOf(position) >= 0
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 6

        ErrorBanner {
            objectName: "shopperError"
            Layout.fillWidth: true
            problem: profiles.error !== "" ? profiles.error : clicks.error
            fix: profiles.error !== "" ? profiles.errorFix : clicks.errorFix
            onDismissed: { profiles.clearError(); clicks.clearError() }
        }

        RowLayout {
            Layout.fillWidth: true
            TextField {
                objectName: "shopperSearchField"
                Layout.fillWidth: true
                placeholderText: qsTr("Search shoppers, notes and clicked titles")
                onTextChanged: profiles.query = text
            }
            ToolButton {
                objectName: "newShopperButton"
                text: qsTr("New")
                onClicked: {
                    const id = profiles.createProfile(qsTr("New shopper"))
                    if (id >= 0) root.select(id)
                }
            }
            ToolButton {
                objectName: "importShopperButton"
                text: qsTr("Import…")
                onClicked: importMenu.open()
                Menu {
                    id: importMenu
                    MenuItem {
                        text: qsTr("PAd1M data set (JSON)…")
                        onTriggered: { importDialog.pad1m = true; importDialog.open() }
                    }
                    MenuItem {
                        text: qsTr("Click history file (JSON)…")
                        onTriggered: { importDialog.pad1m = false; importDialog.open() }
                    }
                }
            }
        }

        ListView {
            id: profileList
            objectName: "shopperList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredHeight: 3
            clip: true
            model: profiles
            currentIndex: -1
            ScrollBar.vertical: ScrollBar {}
            delegate: ItemDelegate {
                id: profileRow
                required property int index
                required property var profileId
                required property string name
                required property string notes
                required property int clickCount
                required property var thumbnailClickId
                objectName: "shopperRow" + index
                width: ListView.view.width
                highlighted: ListView.isCurrentItem
                onClicked: root.select(profileId)
                onDoubleClicked: root.generation.useProfile(profileId)
                contentItem: RowLayout {
                    spacing: 8
                    Image {
                        Layout.preferredWidth: 40
                        Layout.preferredHeight: 40
                        sourceSize: Qt.size(80, 80)
                        fillMode: Image.PreserveAspectFit
                        asynchronous: true
                        source: profileRow.thumbnailClickId >= 0 ? "image://shopperclicks/" + profileRow.thumbnailClickId : ""
                    }
                    ColumnLayout {
                        Layout.fillWidth: true
                        spacing: 0
                        Label {
                            Layout.fillWidth: true
                            text: profileRow.name
                            font.bold: true
                            elide: Text.ElideRight
                        }
                        Label {
                            Layout.fillWidth: true
                            text: profileRow.notes
                            color: "#495057"
                            font.pixelSize: 11
                            elide: Text.ElideRight
                        }
                    }
                    Label {
                        text: qsTr("%n click(s)", "", profileRow.clickCount)
                        color: "#495057"
                        font.pixelSize: 11
                    }
                    Label {
                        visible: root.generation.shopperProfileId === profileRow.profileId
                        text: qsTr("in use")
                        color: "white"
                        font.pixelSize: 11
                        padding: 3
                        background: Rectangle { color: "#2f9e44"; radius: 3 }
                    }
                }
            }
        }

        // The selected profile.
        GroupBox {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredHeight: 5
            visible: root.selectedId >= 0
            title: qsTr("Profile")

            ColumnLayout {
                anchors.fill: parent
                spacing: 6
                RowLayout {
                    Layout.fillWidth: true
                    TextField {
                        id: nameField
                        objectName: "shopperNameField"
                        Layout.fillWidth: true
                        text: profileList.currentItem ? profileList.currentItem.name : ""
                        onEditingFinished: if (text !== "" && profileList.currentItem && text !== profileList.currentItem.name)
                                               profiles.rename(root.selectedId, text)
                    }
                    Button {
                        objectName: "useShopperButton"
                        text: root.generation.shopperProfileId === root.selectedId ? qsTr("In use") : qsTr("Use for generation")
                        enabled: root.generation.shopperProfileId !== root.selectedId && clicks.count > 0
                        highlighted: enabled
                        onClicked: root.generation.useProfile(root.selectedId)
                    }
                    ToolButton {
                        objectName: "deleteShopperButton"
                        text: qsTr("Delete")
                        onClicked: deleteDialog.open()
                    }
                }
                TextField {
                    objectName: "shopperNotesField"
                    Layout.fillWidth: true
                    placeholderText: qsTr("Notes: who this shopper is, what they like")
                    text: profileList.currentItem ? profileList.currentItem.notes : ""
                    onEditingFinished: if (profileList.currentItem && text !== profileList.currentItem.notes)
                                           profiles.setNotes(root.selectedId, text)
                    onTextChanged: if (!activeFocus) cursorPosition = 0  // show long notes from their start
                }
                RowLayout {
                    Layout.fillWidth: true
                    Label {
                        Layout.fillWidth: true
                        text: qsTr("Click history (%1)").arg(clicks.count) + (clicks.modified ? qsTr(" — unsaved") : "")
                        font.bold: true
                    }
                    ToolButton {
                        objectName: "addClicksButton"
                        text: qsTr("Add images…")
                        onClicked: clickFilesDialog.open()
                    }
                    ToolButton {
                        objectName: "pasteClicksButton"
                        text: qsTr("Paste clicks")
                        ToolTip.visible: hovered
                        ToolTip.text: qsTr("One click per line: title, a tab or \" | \", then the image path; or JSON")
                        onClicked: clicks.pasteFromClipboard()
                    }
                    ToolButton {
                        objectName: "saveClicksButton"
                        text: qsTr("Save")
                        enabled: clicks.modified
                        onClicked: clicks.save()
                    }
                    ToolButton {
                        text: qsTr("Discard")
                        enabled: clicks.modified
                        onClicked: clicks.discardChanges()
                    }
                }
                ListView {
                    id: clickList
                    objectName: "clickList"
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    clip: true
                    model: clicks
                    spacing: 2
                    ScrollBar.vertical: ScrollBar {}
                    delegate: Rectangle {
                        id: clickRow
                        required property int index
                        required property string title
                        required property string thumbnailSource
                        required property int position
                        readonly property bool used: root.wasUsed(position)
                        width: ListView.view.width
                        height: 44
                        color: used ? "#e6fcf5" : "transparent"
                        border.color: used ? "#20c997" : "transparent"
                        radius: 3
                        RowLayout {
                            anchors.fill: parent
                            anchors.margins: 2
                            spacing: 6
                            Label {
                                text: clickRow.position + 1
                                color: "#868e96"
                                Layout.preferredWidth: 20
                                horizontalAlignment: Text.AlignRight
                            }
                            Image {
                                Layout.preferredWidth: 38
                                Layout.preferredHeight: 38
                                sourceSize: Qt.size(76, 76)
                                fillMode: Image.PreserveAspectFit
                                asynchronous: true
                                source: clickRow.thumbnailSource
                            }
                            TextField {
                                objectName: "clickTitle" + clickRow.index
                                Layout.fillWidth: true
                                text: clickRow.title
                                onEditingFinished: if (text !== clickRow.title) clicks.setTitle(clickRow.index, text)
                                Component.onCompleted: cursorPosition = 0  // show a long title's start
                            }
                            Label {
                                visible: clickRow.used
                                text: qsTr("used")
                                color: "#0ca678"
                                font.pixelSize: 11
                                ToolTip.visible: usedHover.hovered
                                ToolTip.text: qsTr("The history sampling picked this click for the last generation")
                                HoverHandler { id: usedHover }
                            }
                            ToolButton { text: "\u2191"; enabled: clickRow.index > 0; onClicked: clicks.moveUp(clickRow.index) }
                            ToolButton { text: "\u2193"; enabled: clickRow.index < clicks.count - 1; onClicked: clicks.moveDown(clickRow.index) }
                            ToolButton { text: "\u2715"; onClicked: clicks.remove(clickRow.index) }
                        }
                    }
                }
            }
        }

        RowLayout {
            Layout.fillWidth: true
            Label {
                objectName: "shopperInUseLabel"
                Layout.fillWidth: true
                elide: Text.ElideRight
                text: root.generation.shopperName !== ""
                      ? qsTr("Generating for %1 (%n click(s))", "", root.generation.shopperClickCount).arg(root.generation.shopperName)
                      : qsTr("No shopper: ads are not personalized")
            }
            ToolButton {
                text: qsTr("No shopper")
                enabled: root.generation.shopperName !== ""
                onClicked: root.generation.clearShopper()
            }
        }
    }

    FileDialog {
        id: importDialog
        property bool pad1m: true
        title: pad1m ? qsTr("Import shoppers from a PAd1M file") : qsTr("Import a click history")
        nameFilters: [qsTr("JSON files (*.json)"), qsTr("All files (*)")]
        onAccepted: {
            if (pad1m) profiles.importPad1m(selectedFile)
            else {
                const id = profiles.importShopperHistory(selectedFile)
                if (id >= 0) root.select(id)
            }
        }
    }
    FileDialog {
        id: clickFilesDialog
        title: qsTr("Add clicked product images")
        fileMode: FileDialog.OpenFiles
        nameFilters: [qsTr("Images (*.png *.jpg *.jpeg *.webp *.bmp)"), qsTr("All files (*)")]
        onAccepted: clicks.addFiles(selectedFiles)
    }
    MessageDialog {
        id: deleteDialog
        title: qsTr("Delete shopper")
        text: qsTr("Delete the profile %1 and its clicks?").arg(nameField.text)
        buttons: MessageDialog.Yes | MessageDialog.Cancel
        onButtonClicked: (button) => {
            if (button === MessageDialog.Yes) {
                profiles.remove(root.selectedId)
                root.selectedId = -1
            }
        }
    }
}
