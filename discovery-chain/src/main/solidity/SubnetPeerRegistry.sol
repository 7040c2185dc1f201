// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @title SubnetPeerRegistry
/// @notice Where a subnet's peers publish how to reach them. Each record has Hypertensor's
/// `PeerInfo(string peerId, bytes multiaddr)` shape: the libp2p peer id as its base58 text and
/// the binary multiaddr ending in `/p2p/<id>`. Unlike Hypertensor's subnet precompile, this
/// contract has getters and emits events, so a reader follows changes from logs.
/// @dev The contract stores what it is given: it checks lengths and duplicates, never the
/// content of a multiaddr. Readers validate every record and skip those that do not parse.
contract SubnetPeerRegistry {
    /// Hypertensor's record shape.
    struct PeerInfo {
        string peerId;
        bytes multiaddr;
    }

    struct Entry {
        PeerInfo info;
        address account;
        uint256 stake;
    }

    /// A subnet claimed with `createSubnet`; unclaimed subnets belong to the deployer and
    /// require `defaultMinStake`.
    struct SubnetTerms {
        address owner;
        uint256 minStake;
        bool claimed;
    }

    uint256 public constant MAX_PEER_ID_LENGTH = 128;
    uint256 public constant MAX_MULTIADDR_LENGTH = 1024;
    uint256 public constant MAX_PAGE = 1000;

    address public immutable deployer;
    uint256 public immutable defaultMinStake;

    mapping(uint256 => SubnetTerms) private terms;
    mapping(uint256 => Entry[]) private entries;
    /// keccak256(peerId) => index + 1 in entries[subnetId]; 0 when absent.
    mapping(uint256 => mapping(bytes32 => uint256)) private positions;
    /// Stake that could not be sent back at once (the account refused the transfer).
    mapping(address => uint256) public withdrawable;

    event SubnetCreated(uint256 indexed subnetId, address owner, uint256 minStake);
    event PeerRegistered(
        uint256 indexed subnetId, string peerId, bytes multiaddr, address account, uint256 stake
    );
    event PeerUpdated(uint256 indexed subnetId, string peerId, bytes multiaddr);
    event PeerRemoved(uint256 indexed subnetId, string peerId, address by);

    error SubnetAlreadyClaimed(uint256 subnetId);
    error StakeTooLow(uint256 required, uint256 given);
    error InvalidLength(string field, uint256 length, uint256 max);
    error AlreadyRegistered(uint256 subnetId, string peerId);
    error NotRegistered(uint256 subnetId, string peerId);
    error NotRegistrant(address caller, address registrant);
    error NotSubnetOwner(address caller, address owner);
    error NothingToWithdraw();

    constructor(uint256 defaultStake) {
        deployer = msg.sender;
        defaultMinStake = defaultStake;
    }

    /// Claims an unclaimed subnet id: the caller becomes its owner, with its own minimum stake.
    function createSubnet(uint256 subnetId, uint256 stake) external {
        if (terms[subnetId].claimed) revert SubnetAlreadyClaimed(subnetId);
        terms[subnetId] = SubnetTerms(msg.sender, stake, true);
        emit SubnetCreated(subnetId, msg.sender, stake);
    }

    function subnetOwner(uint256 subnetId) public view returns (address) {
        return terms[subnetId].claimed ? terms[subnetId].owner : deployer;
    }

    function minStake(uint256 subnetId) public view returns (uint256) {
        return terms[subnetId].claimed ? terms[subnetId].minStake : defaultMinStake;
    }

    /// Registers `peerId` reachable at `multiaddr` in `subnetId`, staking `msg.value`.
    function register(uint256 subnetId, string calldata peerId, bytes calldata multiaddr)
        external
        payable
    {
        checkLength("peerId", bytes(peerId).length, MAX_PEER_ID_LENGTH);
        checkLength("multiaddr", multiaddr.length, MAX_MULTIADDR_LENGTH);
        uint256 required = minStake(subnetId);
        if (msg.value < required) revert StakeTooLow(required, msg.value);
        bytes32 key = keccak256(bytes(peerId));
        if (positions[subnetId][key] != 0) revert AlreadyRegistered(subnetId, peerId);
        entries[subnetId].push(Entry(PeerInfo(peerId, multiaddr), msg.sender, msg.value));
        positions[subnetId][key] = entries[subnetId].length;
        emit PeerRegistered(subnetId, peerId, multiaddr, msg.sender, msg.value);
    }

    /// Changes the multiaddr of a peer the caller registered.
    function updateMultiaddr(uint256 subnetId, string calldata peerId, bytes calldata multiaddr)
        external
    {
        checkLength("multiaddr", multiaddr.length, MAX_MULTIADDR_LENGTH);
        Entry storage e = entryOf(subnetId, peerId);
        if (e.account != msg.sender) revert NotRegistrant(msg.sender, e.account);
        e.info.multiaddr = multiaddr;
        emit PeerUpdated(subnetId, peerId, multiaddr);
    }

    /// Removes a peer the caller registered and returns its stake.
    function deregister(uint256 subnetId, string calldata peerId) external {
        Entry storage e = entryOf(subnetId, peerId);
        if (e.account != msg.sender) revert NotRegistrant(msg.sender, e.account);
        drop(subnetId, peerId);
    }

    /// The subnet owner removes a peer; its stake goes back to whoever registered it.
    function remove(uint256 subnetId, string calldata peerId) external {
        address owner = subnetOwner(subnetId);
        if (msg.sender != owner) revert NotSubnetOwner(msg.sender, owner);
        entryOf(subnetId, peerId);
        drop(subnetId, peerId);
    }

    /// Sends the caller stake that could not be returned when its peer was removed.
    function withdraw() external {
        uint256 amount = withdrawable[msg.sender];
        if (amount == 0) revert NothingToWithdraw();
        withdrawable[msg.sender] = 0;
        (bool sent,) = payable(msg.sender).call{value: amount}("");
        require(sent, "transfer failed");
    }

    function peerCount(uint256 subnetId) external view returns (uint256) {
        return entries[subnetId].length;
    }

    /// Up to `limit` (at most MAX_PAGE) records from position `offset`, as two parallel arrays.
    function listPeers(uint256 subnetId, uint256 offset, uint256 limit)
        external
        view
        returns (string[] memory peerIds, bytes[] memory multiaddrs)
    {
        Entry[] storage all = entries[subnetId];
        uint256 end = offset;
        if (offset < all.length) {
            uint256 n = limit < MAX_PAGE ? limit : MAX_PAGE;
            end = all.length - offset < n ? all.length : offset + n;
        }
        uint256 count = end > offset ? end - offset : 0;
        peerIds = new string[](count);
        multiaddrs = new bytes[](count);
        for (uint256 i = 0; i < count; i++) {
            PeerInfo storage p = all[offset + i].info;
            peerIds[i] = p.peerId;
            multiaddrs[i] = p.multiaddr;
        }
    }

    /// The record of `peerId` in `subnetId`, who registered it and its stake; registered is
    /// false (and the rest empty) when there is none.
    function getPeer(uint256 subnetId, string calldata peerId)
        external
        view
        returns (bool registered, bytes memory multiaddr, address account, uint256 stake)
    {
        uint256 position = positions[subnetId][keccak256(bytes(peerId))];
        if (position == 0) {
            return (false, "", address(0), 0);
        }
        Entry storage e = entries[subnetId][position - 1];
        return (true, e.info.multiaddr, e.account, e.stake);
    }

    function entryOf(uint256 subnetId, string calldata peerId)
        private
        view
        returns (Entry storage)
    {
        uint256 position = positions[subnetId][keccak256(bytes(peerId))];
        if (position == 0) revert NotRegistered(subnetId, peerId);
        return entries[subnetId][position - 1];
    }

    function drop(uint256 subnetId, string calldata peerId) private {
        Entry[] storage all = entries[subnetId];
        bytes32 key = keccak256(bytes(peerId));
        uint256 index = positions[subnetId][key] - 1;
        address account = all[index].account;
        uint256 stake = all[index].stake;
        uint256 last = all.length - 1;
        if (index != last) {
            all[index] = all[last];
            positions[subnetId][keccak256(bytes(all[index].info.peerId))] = index + 1;
        }
        all.pop();
        delete positions[subnetId][key];
        emit PeerRemoved(subnetId, peerId, msg.sender);
        if (stake > 0) {
            // Bounded gas: an account that refuses the transfer withdraws later instead.
            (bool sent,) = payable(account).call{value: stake, gas: 10000}("");
            if (!sent) {
                withdrawable[account] += stake;
            }
        }
    }

    function checkLength(string memory field, uint256 length, uint256 max) private pure {
        if (length == 0 || length > max) revert InvalidLength(field, length, max);
    }
}
